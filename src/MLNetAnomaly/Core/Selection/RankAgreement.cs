namespace MLNetAnomaly.Core.Selection;

/// <summary>
/// Model centrality, one of Goswami et al.'s unsupervised measures: a detector whose ranking of the points agrees
/// with the rankings of the other detectors is more likely right than one that disagrees with all of them. Agreement
/// is Spearman's rank correlation between two detectors' scores over the same points; a detector's centrality is
/// the mean of its correlations with its <c>neighbours</c> most similar other detectors.
/// </summary>
internal static class RankAgreement
{
    /// <summary>The centrality of each detector (NaN for a detector without scores); higher is more central.</summary>
    /// <param name="scores">Per detector, its scores of the same points (null when it has none, such as a failed trial).</param>
    /// <param name="neighbours">How many of the most similar other detectors are averaged.</param>
    internal static double[] Centrality(IReadOnlyList<double[]?> scores, int neighbours = 3)
    {
        var ranks = scores.Select(s => s is null ? null : RobustBorda.Ranks(s)).ToList();
        var result = new double[scores.Count];
        for (var i = 0; i < scores.Count; i++)
        {
            if (ranks[i] is not { } own)
            {
                result[i] = double.NaN;
                continue;
            }

            var correlations = ranks.Where((other, j) => j != i && other is not null).Select(other => Correlation(own, other!)).OrderDescending().Take(neighbours).ToList();
            result[i] = correlations.Count > 0 ? correlations.Average() : double.NaN;
        }

        return result;
    }

    /// <summary>Pearson correlation of two rank vectors (Spearman's correlation of the values behind them); 0 when one is constant.</summary>
    internal static double Correlation(double[] a, double[] b)
    {
        double meanA = a.Average(), meanB = b.Average(), covariance = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }

        return varianceA > 0 && varianceB > 0 ? covariance / Math.Sqrt(varianceA * varianceB) : 0;
    }
}
