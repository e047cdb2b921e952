using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.Metrics;

namespace MLNetAnomaly.Selection;

/// <summary>Judges trials by a label column over the validation rows: event F1 of the alerts, or VUS-PR of the scores.</summary>
internal sealed class LabelledTrialScorer : TrialScorer
{
    private readonly float[] _values;
    private readonly bool[] _labels;
    private readonly int _split;
    private readonly SelectionMetric _metric;

    internal LabelledTrialScorer(IDataView data, string labelColumn, float[] values, int split, SelectionMetric metric)
    {
        _values = values;
        _labels = ReadLabels(data, labelColumn);
        _split = split;
        _metric = metric;
    }

    internal override IReadOnlyList<string> MeasureNames => Array.Empty<string>();

    internal override TrialMeasurement Measure(ITransformer model, SelectionTrial trial, MLContext ml)
    {
        var (ranks, alerts) = Score(model, trial, ml, _values);
        var truth = _labels[_split..];
        var eventF1 = DetectionMetrics.EventWise(truth, alerts[_split..]).F1;
        var vus = VolumeUnderSurface.PrecisionRecall(truth, ranks[_split..], MLNetAnomaly.Evaluation.DetectionEvaluation.DefaultVusMaxBuffer);
        var primary = _metric == SelectionMetric.VusPr ? vus : eventF1;
        return new TrialMeasurement(primary, Array.Empty<double>(), new Dictionary<string, double> { ["event F1"] = eventF1, ["VUS-PR"] = vus }, null);
    }

    private static bool[] ReadLabels(IDataView data, string name)
    {
        var column = data.Schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(DetectorSelectionOptions.LabelColumnName), name, $"Label column '{name}' was not found.");
        var labels = new List<bool>();
        using var cursor = data.GetRowCursor(new[] { column });
        Func<bool> read = column.Type switch
        {
            BooleanDataViewType => Getter<bool>(cursor, column, v => v),
            NumberDataViewType t when t == NumberDataViewType.Single => Getter<float>(cursor, column, v => v > 0.5f),
            NumberDataViewType t when t == NumberDataViewType.Double => Getter<double>(cursor, column, v => v > 0.5),
            _ => throw new ArgumentOutOfRangeException(nameof(DetectorSelectionOptions.LabelColumnName), name, $"Label column '{name}' must be Boolean, Single or Double; it is {column.Type}."),
        };
        while (cursor.MoveNext())
        {
            labels.Add(read());
        }

        return labels.ToArray();
    }

    private static Func<bool> Getter<TIn>(DataViewRow row, DataViewSchema.Column column, Func<TIn, bool> map)
    {
        var getter = row.GetGetter<TIn>(column);
        return () =>
        {
            TIn value = default!;
            getter(ref value);
            return map(value);
        };
    }
}
