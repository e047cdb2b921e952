namespace MLNetAnomaly.Core.Metrics.Nab;

/// <summary>
/// The NAB score of a detector over a corpus, following NAB's published rules:
/// <list type="bullet">
/// <item>The first min(⌊15% of rows⌋, 750) rows of each series are probationary and not scored.</item>
/// <item>Inside a window of width w ending at row r, a detection at row i is worth
/// S(−(r − i + 1)/w) · tp / S(−1), where S(x) = 2/(1 + e^(5x)) − 1 (earlier is better); only the best detection in
/// a window counts, and a window with none costs fn.</item>
/// <item>A detection outside every window costs fp · S((i − r′)/(w′ − 1)), measured from the end r′ of the
/// previous window of width w′ (−fp before the first window), so detections just after a window cost little.</item>
/// <item>One threshold per profile is chosen over the whole corpus to maximise the total; the total is then
/// normalised to 100 · (total − null) / (perfect − null), where null is a detector that never fires and perfect
/// earns tp for every labelled window.</item>
/// </list>
/// </summary>
internal static class NabScorer
{
    private const double ProbationFraction = 0.15;
    private const int ProbationCap = 750;

    /// <summary>Scores <paramref name="corpus"/> under <paramref name="profile"/>, with the threshold NAB's sweep chooses.</summary>
    internal static NabResult Score(IReadOnlyList<NabSeries> corpus, NabProfile profile) => Score(corpus, profile, fixedThreshold: null);

    /// <summary>
    /// Scores <paramref name="corpus"/> under <paramref name="profile"/> with one given threshold instead of the sweep:
    /// points whose score is at least <paramref name="threshold"/> are detections. With 0/1 alerts as scores and a
    /// threshold of 0.5, this is the NAB score of a detector's own alerts.
    /// </summary>
    internal static NabResult ScoreAtThreshold(IReadOnlyList<NabSeries> corpus, NabProfile profile, double threshold) => Score(corpus, profile, threshold);

    /// <summary>The probationary rows of a series of <paramref name="rows"/> rows: min(⌊15% of rows⌋, 750).</summary>
    internal static int ProbationaryRows(int rows) => (int)Math.Min(Math.Floor(ProbationFraction * rows), ProbationCap);

    private static NabResult Score(IReadOnlyList<NabSeries> corpus, NabProfile profile, double? fixedThreshold)
    {
        var points = new List<ScoredPoint>();
        var windowOwners = new List<int>();
        for (var s = 0; s < corpus.Count; s++)
        {
            AddSweepPoints(corpus[s], s, profile, points, windowOwners);
        }

        var perfect = corpus.Sum(series => series.Windows.Count) * profile.TruePositiveWeight;
        var threshold = fixedThreshold ?? Optimise(points, windowOwners, profile);
        var order = points.OrderByDescending(p => p.Score).ToList();
        var flagged = order.TakeWhile(p => p.Score >= threshold).Count();
        var (total, perSeries, caught, falsePositives) = Totals(order, flagged, windowOwners, Scorable(points, windowOwners.Count), corpus.Count, profile);
        var nullTotal = NullTotal(points, windowOwners, profile);
        return new NabResult(profile, threshold, total, nullTotal, perfect, Normalise(total, nullTotal, perfect), perSeries, caught, windowOwners.Count, falsePositives);
    }

    /// <summary>100 · (total − null) / (perfect − null).</summary>
    internal static double Normalise(double total, double nullTotal, double perfect)
        => perfect > nullTotal ? 100 * (total - nullTotal) / (perfect - nullTotal) : double.NaN;

    /// <summary>S(x) = 2/(1 + e^(5x)) − 1, and −1 beyond x = 3.</summary>
    internal static double ScaledSigmoid(double relativePosition)
        => relativePosition > 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * relativePosition))) - 1.0;

    private static void AddSweepPoints(NabSeries series, int seriesIndex, NabProfile profile, List<ScoredPoint> points, List<int> windowOwners)
    {
        if (series.Timestamps.Count != series.Scores.Count)
        {
            throw new ArgumentException($"{series.Name}: {series.Timestamps.Count} timestamps but {series.Scores.Count} scores.");
        }

        var rowOf = new Dictionary<DateTime, int>(series.Timestamps.Count);
        for (var i = 0; i < series.Timestamps.Count; i++)
        {
            rowOf.TryAdd(series.Timestamps[i], i);
        }

        var windows = series.Windows.Select(w => (Start: Row(w.Start), End: Row(w.End))).OrderBy(w => w.Start).ToList();
        var probation = ProbationaryRows(series.Timestamps.Count);
        var maxTruePositive = ScaledSigmoid(-1.0);
        var firstWindowId = windowOwners.Count;
        windowOwners.AddRange(windows.Select(_ => seriesIndex));

        int next = 0, current = -1, previousEnd = -1, previousWidth = 0;
        for (var i = 0; i < series.Timestamps.Count; i++)
        {
            if (current < 0 && next < windows.Count && i == windows[next].Start)
            {
                current = next++;
            }

            double weighted;
            if (current >= 0)
            {
                var width = windows[current].End - windows[current].Start + 1.0;
                weighted = ScaledSigmoid(-(windows[current].End - i + 1) / width) * profile.TruePositiveWeight / maxTruePositive;
            }
            else
            {
                var unweighted = previousEnd < 0 ? -1.0 : ScaledSigmoid(Math.Abs(previousEnd - i) / (previousWidth - 1.0));
                weighted = unweighted * profile.FalsePositiveWeight;
            }

            if (i >= probation)
            {
                var score = series.Scores[i];
                if (double.IsNaN(score))
                {
                    throw new ArgumentException($"{series.Name}: the score at row {i} is NaN.");
                }

                points.Add(new ScoredPoint(score, weighted, current >= 0 ? firstWindowId + current : -1, seriesIndex));
            }

            if (current >= 0 && i == windows[current].End)
            {
                previousEnd = i;
                previousWidth = windows[current].End - windows[current].Start + 1;
                current = -1;
            }
        }

        int Row(DateTime timestamp) => rowOf.TryGetValue(timestamp, out var row) ? row
            : throw new ArgumentException($"{series.Name}: the window limit {timestamp:yyyy-MM-dd HH:mm:ss} is not a timestamp of the series.");
    }

    /// <summary>Sweeps the thresholds from high to low and returns the one with the best total; ties keep the higher threshold.</summary>
    private static double Optimise(List<ScoredPoint> points, List<int> windowOwners, NabProfile profile)
    {
        var order = points.OrderByDescending(p => p.Score).ToList();
        var windowValue = new double[windowOwners.Count];
        var scorable = Scorable(points, windowOwners.Count);
        var total = 0.0;
        for (var w = 0; w < windowValue.Length; w++)
        {
            windowValue[w] = scorable[w] ? -profile.FalseNegativeWeight : 0;
            total += windowValue[w];
        }

        var bestThreshold = double.PositiveInfinity;
        var bestTotal = total;
        for (var k = 0; k < order.Count; k++)
        {
            var point = order[k];
            if (point.Window < 0)
            {
                total += point.Weighted;
            }
            else if (point.Weighted > windowValue[point.Window])
            {
                total += point.Weighted - windowValue[point.Window];
                windowValue[point.Window] = point.Weighted;
            }

            var lastOfTie = k + 1 == order.Count || order[k + 1].Score != point.Score;
            if (lastOfTie && total > bestTotal)
            {
                (bestThreshold, bestTotal) = (point.Score, total);
            }
        }

        return bestThreshold;
    }

    /// <summary>Windows with at least one scored point (after probation).</summary>
    private static bool[] Scorable(List<ScoredPoint> points, int windows)
    {
        var scorable = new bool[windows];
        foreach (var point in points.Where(p => p.Window >= 0))
        {
            scorable[point.Window] = true;
        }

        return scorable;
    }

    /// <summary>The total, per-series totals, windows caught and false-positive points when the first <paramref name="flagged"/> points of <paramref name="order"/> are detections.</summary>
    private static (double Total, double[] PerSeries, int Caught, int FalsePositives) Totals(List<ScoredPoint> order, int flagged, List<int> windowOwners, bool[] scorable, int seriesCount, NabProfile profile)
    {
        var totals = new double[seriesCount];
        var best = new double[windowOwners.Count];
        var hit = new bool[windowOwners.Count];
        var falsePositives = 0;
        for (var w = 0; w < best.Length; w++)
        {
            best[w] = scorable[w] ? -profile.FalseNegativeWeight : 0;
        }

        foreach (var point in order.Take(flagged))
        {
            if (point.Window < 0)
            {
                totals[point.Series] += point.Weighted;
                falsePositives++;
            }
            else
            {
                best[point.Window] = Math.Max(best[point.Window], point.Weighted);
                hit[point.Window] = true;
            }
        }

        for (var w = 0; w < best.Length; w++)
        {
            totals[windowOwners[w]] += best[w];
        }

        return (totals.Sum(), totals, hit.Count(h => h), falsePositives);
    }

    /// <summary>The null detector (one constant score) gets the better of never firing and always firing.</summary>
    private static double NullTotal(List<ScoredPoint> points, List<int> windowOwners, NabProfile profile)
    {
        var scorable = new HashSet<int>(points.Where(p => p.Window >= 0).Select(p => p.Window));
        var never = -profile.FalseNegativeWeight * scorable.Count;
        var always = points.Where(p => p.Window < 0).Sum(p => p.Weighted)
            + points.Where(p => p.Window >= 0).GroupBy(p => p.Window).Sum(g => Math.Max(-profile.FalseNegativeWeight, g.Max(p => p.Weighted)));
        return Math.Max(never, always);
    }

    private readonly record struct ScoredPoint(double Score, double Weighted, int Window, int Series);
}

/// <summary>A NAB score for one profile.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="Threshold">The corpus-wide threshold chosen (points with score ≥ it are detections).</param>
/// <param name="RawTotal">The total at that threshold.</param>
/// <param name="NullTotal">The null detector's total.</param>
/// <param name="PerfectTotal">The perfect detector's total.</param>
/// <param name="Normalized">100 · (raw − null) / (perfect − null).</param>
/// <param name="PerSeries">Each series' share of the raw total, in corpus order.</param>
/// <param name="WindowsCaught">Labelled windows with at least one detection.</param>
/// <param name="Windows">Labelled windows in the corpus.</param>
/// <param name="FalsePositives">Detections outside every window (probationary rows excluded).</param>
internal sealed record NabResult(NabProfile Profile, double Threshold, double RawTotal, double NullTotal, double PerfectTotal, double Normalized, IReadOnlyList<double> PerSeries, int WindowsCaught, int Windows, int FalsePositives);
