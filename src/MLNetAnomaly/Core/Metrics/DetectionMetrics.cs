namespace MLNetAnomaly.Core.Metrics;

/// <summary>
/// Metrics of alerts and scores against per-point labels (true = anomalous). Conventions: a ratio with an empty
/// denominator is 0; the threshold-free metrics (AUC-ROC, AUC-PR) are NaN when the labels hold only one class,
/// since they are undefined there.
/// </summary>
internal static class DetectionMetrics
{
    /// <summary>Point-wise precision and recall of <paramref name="alerts"/>.</summary>
    internal static PrecisionRecall PointWise(ReadOnlySpan<bool> labels, ReadOnlySpan<bool> alerts)
    {
        CheckLengths(labels.Length, alerts.Length);
        long truePositives = 0, falsePositives = 0, falseNegatives = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (alerts[i] && labels[i])
            {
                truePositives++;
            }
            else if (alerts[i])
            {
                falsePositives++;
            }
            else if (labels[i])
            {
                falseNegatives++;
            }
        }

        return PrecisionRecall.FromCounts(truePositives, falsePositives, falseNegatives);
    }

    /// <summary>
    /// Event-wise figures: recall is the share of labelled events (runs of labelled points) holding at least one
    /// alert, each event counting once whatever its length; precision is the share of alert events (runs of
    /// consecutive alerts) that overlap a labelled event.
    /// </summary>
    internal static PrecisionRecall EventWise(ReadOnlySpan<bool> labels, ReadOnlySpan<bool> alerts)
    {
        CheckLengths(labels.Length, alerts.Length);
        var truth = LabelledEvents.Runs(labels);
        var flagged = LabelledEvents.Runs(alerts);
        var found = 0;
        foreach (var labelled in truth)
        {
            found += labelled.AnySet(alerts) ? 1 : 0;
        }

        var correct = flagged.Count(alert => truth.Any(alert.Overlaps));
        return new PrecisionRecall(
            flagged.Count > 0 ? (double)correct / flagged.Count : 0,
            truth.Count > 0 ? (double)found / truth.Count : 0);
    }

    /// <summary>
    /// Range-based figures (Tatbul et al., "Precision and Recall for Time Series", NeurIPS 2018) with no existence
    /// reward (α = 0), flat positional bias and no cardinality penalty (γ = 1): recall is the mean, over labelled
    /// ranges, of the share of each range's points that are alerted; precision is the mean, over alert runs, of the
    /// share of each run's points that are labelled. Unlike event figures, a long range caught at one point gets
    /// little credit; unlike point figures, one long range does not outweigh many short ones.
    /// </summary>
    internal static PrecisionRecall RangeBased(ReadOnlySpan<bool> labels, ReadOnlySpan<bool> alerts)
    {
        CheckLengths(labels.Length, alerts.Length);
        return new PrecisionRecall(MeanCovered(LabelledEvents.Runs(alerts), labels), MeanCovered(LabelledEvents.Runs(labels), alerts));
    }

    // The mean, over the ranges, of the share of each range's points set in the other flags; 0 with no range.
    private static double MeanCovered(IReadOnlyList<SeriesEvent> ranges, ReadOnlySpan<bool> other)
    {
        if (ranges.Count == 0)
        {
            return 0;
        }

        var total = 0.0;
        foreach (var range in ranges)
        {
            var covered = 0;
            for (var i = range.Start; i < range.End; i++)
            {
                covered += other[i] ? 1 : 0;
            }

            total += (double)covered / (range.End - range.Start);
        }

        return total / ranges.Count;
    }

    /// <summary>
    /// Point-adjusted figures: when any point of a labelled event is alerted, every point of that event counts as
    /// detected. This inflates scores (Kim et al., AAAI 2022: a random detector can score well), so report it only
    /// to compare with papers that use it.
    /// </summary>
    internal static PrecisionRecall PointAdjusted(ReadOnlySpan<bool> labels, ReadOnlySpan<bool> alerts)
    {
        CheckLengths(labels.Length, alerts.Length);
        var adjusted = alerts.ToArray();
        foreach (var labelled in LabelledEvents.Runs(labels))
        {
            if (labelled.AnySet(alerts))
            {
                adjusted.AsSpan(labelled.Start, labelled.End - labelled.Start).Fill(true);
            }
        }

        return PointWise(labels, adjusted);
    }

    /// <summary>The best point-wise F1 over all thresholds "score ≥ t", and the threshold that reaches it.</summary>
    internal static (double F1, double Threshold) BestF1(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        CheckLengths(labels.Length, scores.Length);
        var order = DescendingOrder(scores);
        var positives = CountTrue(labels);
        long truePositives = 0, flagged = 0;
        var best = (F1: 0.0, Threshold: double.PositiveInfinity);
        for (var k = 0; k < order.Length; k++)
        {
            flagged++;
            truePositives += labels[order[k]] ? 1 : 0;
            var lastOfTie = k + 1 == order.Length || scores[order[k + 1]] != scores[order[k]];
            if (!lastOfTie)
            {
                continue;
            }

            var f1 = PrecisionRecall.FromCounts(truePositives, flagged - truePositives, positives - truePositives).F1;
            if (f1 > best.F1)
            {
                best = (f1, scores[order[k]]);
            }
        }

        return best;
    }

    /// <summary>Area under the ROC curve: the chance a random anomaly outscores a random normal point (ties count half).</summary>
    internal static double AucRoc(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        CheckLengths(labels.Length, scores.Length);
        var positives = CountTrue(labels);
        var negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        // Mann-Whitney U from average ranks (1-based, ascending), ties sharing their mean rank.
        var order = DescendingOrder(scores);
        Array.Reverse(order);
        var positiveRankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            var meanRank = ((start + 1) + (end + 1)) / 2.0;
            for (var k = start; k <= end; k++)
            {
                positiveRankSum += labels[order[k]] ? meanRank : 0;
            }

            start = end + 1;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>
    /// Area under the precision-recall curve as average precision: the sum over thresholds of the recall gained
    /// times the precision there (no interpolation).
    /// </summary>
    internal static double AucPr(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        CheckLengths(labels.Length, scores.Length);
        var positives = CountTrue(labels);
        if (positives == 0 || positives == labels.Length)
        {
            return double.NaN;
        }

        var order = DescendingOrder(scores);
        long truePositives = 0;
        var previousRecall = 0.0;
        var area = 0.0;
        for (var k = 0; k < order.Length; k++)
        {
            truePositives += labels[order[k]] ? 1 : 0;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]])
            {
                continue;
            }

            var recall = (double)truePositives / positives;
            area += (recall - previousRecall) * truePositives / (k + 1);
            previousRecall = recall;
        }

        return area;
    }

    private static int[] DescendingOrder(ReadOnlySpan<double> scores)
    {
        foreach (var score in scores)
        {
            if (double.IsNaN(score))
            {
                throw new ArgumentException("Scores must not be NaN; drop or fill warm-up and missing points first.", nameof(scores));
            }
        }

        var keys = scores.ToArray();
        var order = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(keys, order);
        Array.Reverse(order);
        return order;
    }

    private static long CountTrue(ReadOnlySpan<bool> flags)
    {
        long count = 0;
        foreach (var flag in flags)
        {
            count += flag ? 1 : 0;
        }

        return count;
    }

    private static void CheckLengths(int labels, int other)
    {
        if (labels != other)
        {
            throw new ArgumentException($"Labels and predictions must have the same length; they have {labels} and {other}.");
        }
    }
}
