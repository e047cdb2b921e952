namespace MLNetAnomaly.Core.Metrics;

/// <summary>Precision, recall and their harmonic mean. Each is 0 where its denominator is 0.</summary>
/// <param name="Precision">Share of flagged items that are true anomalies.</param>
/// <param name="Recall">Share of true anomalies that are flagged.</param>
internal readonly record struct PrecisionRecall(double Precision, double Recall)
{
    /// <summary>2PR / (P + R), or 0 when both are 0.</summary>
    internal double F1 => Precision + Recall > 0 ? 2 * Precision * Recall / (Precision + Recall) : 0;

    /// <summary>Builds the figures from counts, with 0 for an empty denominator.</summary>
    internal static PrecisionRecall FromCounts(long truePositives, long falsePositives, long falseNegatives)
        => new(Ratio(truePositives, truePositives + falsePositives), Ratio(truePositives, truePositives + falseNegatives));

    private static double Ratio(long numerator, long denominator) => denominator > 0 ? (double)numerator / denominator : 0;
}
