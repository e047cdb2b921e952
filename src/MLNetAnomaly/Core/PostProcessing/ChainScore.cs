namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>
/// The one score scale of the chain: Score = −log10(P-Value) / 10, NAB's log scaling of Numenta's likelihood
/// (0.5 is p = 1e-5, 1 is p = 1e-10), capped at <see cref="Maximum"/> (p = 1e-300). It depends on the p-value only,
/// so it means the same for every detector and series.
/// </summary>
internal static class ChainScore
{
    /// <summary>The largest score (p-values below 1e-300 are taken as 1e-300).</summary>
    internal const double Maximum = 30;

    /// <summary>The p-value a range-rule anomaly gets (Score 1).</summary>
    internal const double RangePValue = 1e-10;

    /// <summary>The score of a p-value; NaN stays NaN.</summary>
    internal static double FromPValue(double pValue)
        => double.IsNaN(pValue) ? double.NaN : -Math.Log10(Math.Clamp(pValue, 1e-300, 1)) / 10;

    /// <summary>The p-value of a score.</summary>
    internal static double ToPValue(double score) => Math.Pow(10, -10 * score);
}
