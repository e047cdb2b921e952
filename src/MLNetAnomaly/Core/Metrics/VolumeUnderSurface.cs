namespace MLNetAnomaly.Core.Metrics;

/// <summary>
/// VUS-PR, the volume under the range-based precision-recall surface (Paparrizos, Boniol, Palpanas, Tsay, Elmore and
/// Franklin, "Volume Under the Surface: a New Accuracy Evaluation Measure for Time-Series Anomaly Detection",
/// PVLDB 15(11), 2022), the measure TSB-AD recommends.
/// <para>For each buffer width w from 0 to the maximum, every labelled event [s, e] gets soft labels
/// √(1 − d/w) on the ⌊w/2⌋ points before and after it (d the distance to the event, values capped at 1). At each of
/// 250 thresholds taken evenly along the sorted scores, TP is the sum of soft labels of the flagged points,
/// recall is min(TP / ((P + ΣL) / 2), 1) with P the labelled points and ΣL the soft-label total, the true-positive
/// rate is recall times the share of buffered events holding a flagged point, and precision is TP over the flagged
/// count. The range-AUC-PR of that width is the trapezoid area of precision over that rate, from (0, 1); VUS-PR is
/// its mean over the widths.</para>
/// <para>Computed in O(widths × n) from the score ranking: the flagged set at a threshold is a prefix of the points
/// sorted by score, so TP is a prefix sum and an event counts from the first rank that falls in it.</para>
/// </summary>
internal static class VolumeUnderSurface
{
    /// <summary>Thresholds per width, as in the reference implementation.</summary>
    internal const int ThresholdCount = 250;

    /// <summary>VUS-PR of <paramref name="scores"/> against <paramref name="labels"/>; NaN when no point is labelled.</summary>
    /// <param name="labels">Per-point labels.</param>
    /// <param name="scores">Per-point scores (higher is more anomalous), not NaN.</param>
    /// <param name="maxBuffer">The largest buffer width; 0 gives range-AUC-PR without buffers.</param>
    internal static double PrecisionRecall(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, int maxBuffer)
    {
        if (labels.Length != scores.Length)
        {
            throw new ArgumentException($"Labels and scores must have the same length; they have {labels.Length} and {scores.Length}.");
        }

        if (maxBuffer < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBuffer), maxBuffer, "maxBuffer must be 0 or more.");
        }

        var events = LabelledEvents.Runs(labels);
        if (events.Count == 0)
        {
            return double.NaN;
        }

        var n = labels.Length;
        var rank = RankByScore(scores, out var flaggedAt);
        var positives = events.Sum(e => e.End - e.Start);
        var soft = new double[n];
        var softByRank = new double[n];
        var total = 0.0;
        for (var width = 0; width <= maxBuffer; width++)
        {
            SoftLabels(events, width, soft);
            var softTotal = 0.0;
            for (var i = 0; i < n; i++)
            {
                softByRank[rank[i]] = soft[i];
                softTotal += soft[i];
            }

            // existenceFrom[k]: how many buffered events hold one of the first k ranked points.
            var buffered = BufferedEvents(events, width, n);
            var eventsFoundBy = new int[n + 1];
            foreach (var span in buffered)
            {
                var first = int.MaxValue;
                for (var i = span.Start; i < span.End; i++)
                {
                    if (soft[i] > 0)
                    {
                        first = Math.Min(first, rank[i]);
                    }
                }

                if (first < n)
                {
                    eventsFoundBy[first + 1]++;
                }
            }

            for (var k = 1; k <= n; k++)
            {
                eventsFoundBy[k] += eventsFoundBy[k - 1];
            }

            var truePositiveAt = new double[n + 1];
            for (var k = 0; k < n; k++)
            {
                truePositiveAt[k + 1] = truePositiveAt[k] + softByRank[k];
            }

            var adjustedPositives = (positives + softTotal) / 2;
            double area = 0, previousRate = 0, previousPrecision = 1;
            for (var t = 0; t < ThresholdCount; t++)
            {
                var flagged = flaggedAt[(int)((double)t * (n - 1) / (ThresholdCount - 1))];
                var truePositives = truePositiveAt[flagged];
                var rate = Math.Min(truePositives / adjustedPositives, 1) * eventsFoundBy[flagged] / buffered.Count;
                var precision = truePositives / flagged;
                area += (rate - previousRate) * (precision + previousPrecision) / 2;
                (previousRate, previousPrecision) = (rate, precision);
            }

            total += area;
        }

        return total / (maxBuffer + 1);
    }

    /// <summary>
    /// Ranks points by descending score (ties in index order) and, for each rank position k, how many points score
    /// at least as high as the point at k (the flagged count when the threshold is that point's score).
    /// </summary>
    private static int[] RankByScore(ReadOnlySpan<double> scores, out int[] flaggedAt)
    {
        var n = scores.Length;
        var order = Enumerable.Range(0, n).ToArray();
        var keys = new double[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = double.IsNaN(scores[i]) ? throw new ArgumentException("Scores must not be NaN.", nameof(scores)) : -scores[i];
        }

        Array.Sort(keys, order);
        var rank = new int[n];
        flaggedAt = new int[n];
        for (var k = 0; k < n; k++)
        {
            rank[order[k]] = k;
        }

        for (var k = n - 1; k >= 0; k--)
        {
            flaggedAt[k] = k + 1 < n && keys[k + 1] == keys[k] ? flaggedAt[k + 1] : k + 1;
        }

        return rank;
    }

    private static void SoftLabels(IReadOnlyList<SeriesEvent> events, int width, double[] soft)
    {
        Array.Clear(soft);
        var half = width / 2;
        foreach (var e in events)
        {
            for (var i = e.Start; i < e.End; i++)
            {
                soft[i] = 1;
            }
        }

        if (width == 0)
        {
            return;
        }

        foreach (var e in events)
        {
            var last = e.End - 1;
            for (var i = last + 1; i <= Math.Min(last + half, soft.Length - 1); i++)
            {
                soft[i] = Math.Min(1, soft[i] + Math.Sqrt(1 - ((double)(i - last) / width)));
            }

            for (var i = Math.Max(e.Start - half, 0); i < e.Start; i++)
            {
                soft[i] = Math.Min(1, soft[i] + Math.Sqrt(1 - ((double)(e.Start - i) / width)));
            }
        }
    }

    /// <summary>Events widened by ⌊w/2⌋ on each side; events whose widened ranges meet become one.</summary>
    private static List<SeriesEvent> BufferedEvents(IReadOnlyList<SeriesEvent> events, int width, int length)
    {
        var half = width / 2;
        var merged = new List<SeriesEvent>();
        var start = Math.Max(events[0].Start - half, 0);
        for (var k = 0; k + 1 < events.Count; k++)
        {
            if (events[k].End - 1 + half < events[k + 1].Start - half)
            {
                merged.Add(new SeriesEvent(start, events[k].End + half));
                start = events[k + 1].Start - half;
            }
        }

        merged.Add(new SeriesEvent(start, Math.Min(events[^1].End - 1 + half, length - 1) + 1));
        return merged;
    }
}
