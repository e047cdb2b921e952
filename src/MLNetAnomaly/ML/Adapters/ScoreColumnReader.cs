using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.PostProcessing;

namespace MLNetAnomaly.ML.Adapters;

/// <summary>
/// Checks an adapted estimator's output schema against a <see cref="ScoreColumnLayout"/> and reads one row's
/// [Alert, Score, P-Value] from it.
/// </summary>
internal static class ScoreColumnReader
{
    /// <summary>Throws, naming the column and the problem, when the layout does not fit <paramref name="schema"/>.</summary>
    internal static void Check(DataViewSchema schema, string scoreColumnName, ScoreColumnLayout layout)
    {
        var score = schema.GetColumnOrNull(scoreColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(scoreColumnName), scoreColumnName, $"Score column '{scoreColumnName}' is not in the adapted estimator's output. Available columns: {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");
        var itemType = score.Type.GetItemType();
        if (itemType != NumberDataViewType.Single && itemType != NumberDataViewType.Double)
        {
            throw new ArgumentOutOfRangeException(nameof(scoreColumnName), scoreColumnName, $"Score column '{scoreColumnName}' must hold Single or Double values (or a known-size vector of them); it is {score.Type}.");
        }

        if (score.Type is VectorDataViewType vector)
        {
            if (!vector.IsKnownSize)
            {
                throw new ArgumentOutOfRangeException(nameof(scoreColumnName), scoreColumnName, $"Score column '{scoreColumnName}' is a vector of unknown size; slots cannot be chosen from it.");
            }

            foreach (var (slot, name) in new[] { ((int?)layout.ScoreSlot, nameof(layout.ScoreSlot)), (layout.AlertSlot, nameof(layout.AlertSlot)), (layout.PValueSlot, nameof(layout.PValueSlot)) })
            {
                if (slot is { } index && (index < 0 || index >= vector.Size))
                {
                    throw new ArgumentOutOfRangeException(name, index, $"{name} {index} is outside score column '{scoreColumnName}', which has {vector.Size} slots.");
                }
            }
        }

        if (layout.AlertColumnName is { } alertName)
        {
            var alert = schema.GetColumnOrNull(alertName)
                ?? throw new ArgumentOutOfRangeException(nameof(layout.AlertColumnName), alertName, $"Alert column '{alertName}' is not in the adapted estimator's output.");
            if (alert.Type != BooleanDataViewType.Instance && alert.Type != NumberDataViewType.Single && alert.Type != NumberDataViewType.Double)
            {
                throw new ArgumentOutOfRangeException(nameof(layout.AlertColumnName), alertName, $"Alert column '{alertName}' must be Boolean, Single or Double; it is {alert.Type}.");
            }
        }
    }

    /// <summary>The (oriented) score of every row of <paramref name="data"/>, in order: the raw training scores of a chain.</summary>
    internal static double[] ReadScores(IDataView data, string scoreColumnName, ScoreColumnLayout layout)
    {
        var scores = new List<double>();
        using var cursor = data.GetRowCursor(Dependencies(data.Schema, scoreColumnName, layout));
        var getter = Getter(cursor, scoreColumnName, layout);
        var value = default(VBuffer<double>);
        while (cursor.MoveNext())
        {
            getter(ref value);
            scores.Add(value.GetValues()[1]);
        }

        return scores.ToArray();
    }

    /// <summary>
    /// A getter that reads the raw prediction and, with a chain, replaces it by the chain's output; the chain sees each
    /// position once, on the first read there (<paramref name="position"/> gives the current one).
    /// </summary>
    internal static ValueGetter<VBuffer<double>> Chained(ValueGetter<VBuffer<double>> raw, ScoreChain.Session? session, Func<long> position)
    {
        if (session is null)
        {
            return raw;
        }

        var read = default(VBuffer<double>);
        var output = default(Core.Scoring.DetectorOutput);
        var scoredPosition = -1L;
        return (ref VBuffer<double> value) =>
        {
            if (position() != scoredPosition)
            {
                raw(ref read);
                var score = read.GetValues()[1];
                output = double.IsFinite(score) ? session.Apply(score, ReadOnlySpan<float>.Empty) : Core.Scoring.DetectorOutput.Missing;
                scoredPosition = position();
            }

            Sequential.PredictionWriter.Write(output, ref value);
        };
    }

    /// <summary>The source columns a prediction is read from.</summary>
    internal static IEnumerable<DataViewSchema.Column> Dependencies(DataViewSchema schema, string scoreColumnName, ScoreColumnLayout layout)
    {
        yield return schema[scoreColumnName];
        if (layout.AlertColumnName is { } alert)
        {
            yield return schema[alert];
        }
    }

    /// <summary>Returns a getter of the prediction [Alert, Score, P-Value] of <paramref name="row"/>'s current position.</summary>
    internal static ValueGetter<VBuffer<double>> Getter(DataViewRow row, string scoreColumnName, ScoreColumnLayout layout)
    {
        var isVector = row.Schema[scoreColumnName].Type is VectorDataViewType;
        var slots = Slots(row, row.Schema[scoreColumnName]);
        var alertColumn = layout.AlertColumnName is { } name ? Scalar(row, row.Schema[name]) : null;
        var values = new double[3];
        return (ref VBuffer<double> value) =>
        {
            var read = slots();
            var score = read[isVector ? layout.ScoreSlot : 0];
            score = layout.LowerIsMoreAnomalous ? -score : score;
            var alert = alertColumn is not null ? alertColumn() > 0
                : isVector && layout.AlertSlot is { } alertSlot ? read[alertSlot] > 0
                : layout.AlertAbove is { } above && score > above;
            values[0] = alert ? 1 : 0;
            values[1] = score;
            values[2] = isVector && layout.PValueSlot is { } pSlot ? read[pSlot] : double.NaN;
            var editor = VBufferEditor.Create(ref value, 3);
            values.CopyTo(editor.Values);
            value = editor.Commit();
        };
    }

    /// <summary>Reads every slot of a scalar or vector Single/Double column as doubles.</summary>
    private static Func<double[]> Slots(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType vector)
        {
            var result = new double[vector.Size];
            if (vector.ItemType == NumberDataViewType.Double)
            {
                var getter = row.GetGetter<VBuffer<double>>(column);
                var buffer = default(VBuffer<double>);
                return () =>
                {
                    getter(ref buffer);
                    buffer.CopyTo(result);
                    return result;
                };
            }

            var singles = row.GetGetter<VBuffer<float>>(column);
            var singleBuffer = default(VBuffer<float>);
            return () =>
            {
                singles(ref singleBuffer);
                var i = 0;
                foreach (var item in singleBuffer.DenseValues())
                {
                    result[i++] = item;
                }

                return result;
            };
        }

        var scalar = Scalar(row, column);
        var one = new double[1];
        return () =>
        {
            one[0] = scalar();
            return one;
        };
    }

    private static Func<double> Scalar(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type == BooleanDataViewType.Instance)
        {
            var getter = row.GetGetter<bool>(column);
            return () =>
            {
                var value = false;
                getter(ref value);
                return value ? 1 : 0;
            };
        }

        if (column.Type == NumberDataViewType.Double)
        {
            var getter = row.GetGetter<double>(column);
            return () =>
            {
                var value = 0.0;
                getter(ref value);
                return value;
            };
        }

        var single = row.GetGetter<float>(column);
        return () =>
        {
            var value = 0f;
            single(ref value);
            return value;
        };
    }
}
