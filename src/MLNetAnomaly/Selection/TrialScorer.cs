using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Selection;

/// <summary>What judging one fitted trial measured.</summary>
/// <param name="Primary">The trial's own metric (higher is better): what progress reports and successive halving promote by.</param>
/// <param name="Measures">The measures ranked across trials and aggregated (unsupervised judging), in <see cref="TrialScorer.MeasureNames"/> order.</param>
/// <param name="Details">Every measurement by name, for the leaderboard.</param>
/// <param name="CleanRanks">The trial's ranking values on the validation rows of the series as it is (for centrality), or null.</param>
internal sealed record TrialMeasurement(double Primary, double[] Measures, Dictionary<string, double> Details, double[]? CleanRanks);

/// <summary>Judges fitted trials on the validation part of the series.</summary>
internal abstract class TrialScorer
{
    /// <summary>A row of the series as trials read it.</summary>
    internal sealed class Row
    {
        /// <summary>The value.</summary>
        public float Value { get; set; }
    }

    /// <summary>
    /// The input and output column names trials are fitted with: the selection's own, so a trial's model can stand in
    /// for the final one when the budget leaves no time to refit it.
    /// </summary>
    internal (string Input, string Output) Columns { get; set; } = ("Value", "Prediction");

    /// <summary>A data view of <paramref name="values"/> whose single column is named <see cref="Columns"/>.Input.</summary>
    internal IDataView View(MLContext ml, float[] values)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[0].ColumnName = Columns.Input;
        return ml.Data.LoadFromEnumerable(values.Select(v => new Row { Value = v }).ToList(), schema);
    }

    /// <summary>Names of the measures in <see cref="TrialMeasurement.Measures"/> (empty when the primary metric decides alone).</summary>
    internal abstract IReadOnlyList<string> MeasureNames { get; }

    /// <summary>Judges a model fitted on the fitting part.</summary>
    internal abstract TrialMeasurement Measure(ITransformer model, SelectionTrial trial, MLContext ml);

    /// <summary>
    /// Scores several series that share their first <paramref name="shared"/> values. For our own detectors the shared
    /// part is scored once and each series continues from a restored copy of that state (the state a streaming
    /// checkpoint holds), so only the rest of each series is scored again; other models score each series in full.
    /// </summary>
    internal List<(double[] Ranks, bool[] Alerts)> ScoreSharingPrefix(ITransformer model, SelectionTrial trial, MLContext ml, IReadOnlyList<float[]> series, int shared)
    {
        if (model is not SequentialDetectorTransformer { Detector: var detector })
        {
            return series.Select(values => Score(model, trial, ml, values)).ToList();
        }

        var prefix = new DetectorOutput[shared];
        byte[] state;
        using (var session = detector.CreateSession(ScoringMode.Batch))
        {
            session.Score(series[0].AsSpan(0, shared), prefix, Span<float>.Empty);
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                session.SaveState(writer);
            }

            state = buffer.ToArray();
        }

        var results = new List<(double[] Ranks, bool[] Alerts)>(series.Count);
        foreach (var values in series)
        {
            var outputs = new DetectorOutput[values.Length];
            prefix.CopyTo(outputs, 0);
            using (var session = detector.CreateSession(ScoringMode.Batch))
            {
                session.RestoreState(new BinaryReader(new MemoryStream(state)));
                session.Score(values.AsSpan(shared), outputs.AsSpan(shared), Span<float>.Empty);
            }

            var ranks = new double[values.Length];
            var alerts = new bool[values.Length];
            for (var row = 0; row < values.Length; row++)
            {
                ranks[row] = trial.RankOf(outputs[row]);
                alerts[row] = outputs[row].Alert > 0;
            }

            results.Add((ranks, alerts));
        }

        return results;
    }

    /// <summary>Scores <paramref name="values"/> with <paramref name="model"/>: each row's ranking value and alert.</summary>
    internal (double[] Ranks, bool[] Alerts) Score(ITransformer model, SelectionTrial trial, MLContext ml, float[] values)
    {
        var scored = model.Transform(View(ml, values));
        var ranks = new double[values.Length];
        var alerts = new bool[values.Length];
        using var cursor = scored.GetRowCursor(new[] { scored.Schema[Columns.Output] });
        var getter = cursor.GetGetter<VBuffer<double>>(scored.Schema[Columns.Output]);
        var buffer = default(VBuffer<double>);
        for (var row = 0; cursor.MoveNext(); row++)
        {
            getter(ref buffer);
            var slots = buffer.GetValues();
            var output = new DetectorOutput(slots[0], slots[1], slots[2]);
            ranks[row] = trial.RankOf(output);
            alerts[row] = output.Alert > 0;
        }

        return (ranks, alerts);
    }
}
