using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.ML.Selection;

/// <summary>What judging one fitted trial measured.</summary>
/// <param name="Primary">The trial's own metric (higher is better): what progress reports and successive halving promote by.</param>
/// <param name="Measures">The measures ranked across trials and aggregated (unsupervised judging), in <see cref="TrialJudge.MeasureNames"/> order.</param>
/// <param name="Details">Every measurement by name, for the leaderboard.</param>
/// <param name="CleanRanks">The trial's ranking values on the validation rows of the series as it is (for centrality), or null.</param>
internal sealed record TrialMeasurement(double Primary, double[] Measures, Dictionary<string, double> Details, double[]? CleanRanks);

/// <summary>Judges fitted trials on the validation part of the series.</summary>
internal abstract class TrialJudge
{
    /// <summary>A row of the series as trials read it.</summary>
    internal sealed class Row
    {
        /// <summary>The value.</summary>
        public float Value { get; set; }
    }

    /// <summary>Names of the measures in <see cref="TrialMeasurement.Measures"/> (empty when the primary metric decides alone).</summary>
    internal abstract IReadOnlyList<string> MeasureNames { get; }

    /// <summary>Judges a model fitted on the fitting part.</summary>
    internal abstract TrialMeasurement Judge(ITransformer model, SelectionTrial trial, MLContext ml);

    /// <summary>Scores <paramref name="values"/> with <paramref name="model"/>: each row's ranking value and alert.</summary>
    private protected static (double[] Ranks, bool[] Alerts) Score(ITransformer model, SelectionTrial trial, MLContext ml, float[] values)
    {
        var scored = model.Transform(ml.Data.LoadFromEnumerable(values.Select(v => new Row { Value = v }).ToList()));
        var ranks = new double[values.Length];
        var alerts = new bool[values.Length];
        using var cursor = scored.GetRowCursor(new[] { scored.Schema["Prediction"] });
        var getter = cursor.GetGetter<VBuffer<double>>(scored.Schema["Prediction"]);
        var buffer = default(VBuffer<double>);
        var prediction = new double[3];
        for (var row = 0; cursor.MoveNext(); row++)
        {
            getter(ref buffer);
            buffer.CopyTo(prediction);
            ranks[row] = trial.RankOf(prediction);
            alerts[row] = prediction[0] > 0;
        }

        return (ranks, alerts);
    }
}
