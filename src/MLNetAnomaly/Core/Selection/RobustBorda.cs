namespace MLNetAnomaly.Core.Selection;

/// <summary>
/// Robust rank aggregation of several imperfect quality measures of the same candidates, after Goswami et al.
/// (ICLR 2023), who found that no single unsupervised measure picks good anomaly detectors reliably but a robust
/// consensus of several does better. Each measure ranks the candidates (ties share their mean rank; NaN ranks last);
/// the Borda consensus is the mean rank. The measures whose rankings disagree most with that consensus (by
/// Spearman's footrule, the summed rank distance) are then left out, a third of them, and the Borda consensus of the
/// rest is the result ("trimmed Borda").
/// </summary>
internal static class RobustBorda
{
    /// <summary>
    /// Aggregates <paramref name="measures"/> (one array per measure, one value per candidate, higher is better)
    /// into one score per candidate in [0, 1] (1: ranked first by every measure kept), and reports which measures
    /// were kept.
    /// </summary>
    internal static (double[] Scores, bool[] Kept) Aggregate(IReadOnlyList<double[]> measures)
    {
        if (measures.Count == 0)
        {
            throw new ArgumentException("At least one measure is needed.", nameof(measures));
        }

        var candidates = measures[0].Length;
        var ranks = measures.Select(Ranks).ToList();
        var kept = Enumerable.Repeat(true, measures.Count).ToArray();
        var consensus = MeanRank(ranks, kept, candidates);
        var trim = measures.Count / 3;
        if (trim > 0)
        {
            var distances = ranks.Select(r => r.Select((rank, i) => Math.Abs(rank - consensus[i])).Sum()).ToArray();
            foreach (var farthest in Enumerable.Range(0, measures.Count).OrderByDescending(m => distances[m]).ThenBy(m => m).Take(trim))
            {
                kept[farthest] = false;
            }

            consensus = MeanRank(ranks, kept, candidates);
        }

        var scores = consensus.Select(rank => candidates > 1 ? 1 - ((rank - 1) / (candidates - 1)) : 1.0).ToArray();
        return (scores, kept);
    }

    /// <summary>Ranks from 1 (best: highest value) to n; ties share their mean rank; NaN values rank last (tied).</summary>
    internal static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length)
            .OrderByDescending(i => double.IsNaN(values[i]) ? double.NegativeInfinity : values[i])
            .ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && Same(values[order[end + 1]], values[order[start]]))
            {
                end++;
            }

            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = ((start + end) / 2.0) + 1;
            }

            start = end + 1;
        }

        return ranks;
    }

    private static bool Same(double a, double b) => a.Equals(b) || (double.IsNaN(a) && double.IsNaN(b));

    private static double[] MeanRank(List<double[]> ranks, bool[] kept, int candidates)
    {
        var mean = new double[candidates];
        var count = kept.Count(k => k);
        for (var m = 0; m < ranks.Count; m++)
        {
            if (!kept[m])
            {
                continue;
            }

            for (var i = 0; i < candidates; i++)
            {
                mean[i] += ranks[m][i] / count;
            }
        }

        return mean;
    }
}
