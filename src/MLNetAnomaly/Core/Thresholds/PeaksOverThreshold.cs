using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Thresholds;

/// <summary>
/// SPOT (Siffer et al., KDD 2017): an alert threshold with a chosen false-alarm probability, from extreme-value
/// theory rather than from a fixed quantile. The peaks of calibration scores over a high initial threshold t are
/// fitted with a generalised Pareto distribution, giving the threshold z_q exceeded with probability q. While
/// streaming, scores above t are added as peaks and the fit is refreshed; scores above z_q are alerts.
/// Three departures from the paper: an alert joins the peaks censored at z_q (the paper drops it, which removes the
/// top of the tail from every refit and lets the threshold sink on long streams; censoring keeps that mass, while an
/// anomaly counts no more than a peak at the threshold, so even a burst of huge scores moves the threshold little); the tail is fitted to the newest
/// <see cref="MaxPeaks"/> peaks (the share of peaks among all scores still counts every peak); and it is refitted
/// once the peaks have changed by a twentieth since the last fit rather than at every peak, searching near the
/// previous fit first (<see cref="GeneralizedParetoFit.Refit"/>).
/// </summary>
internal sealed class PeaksOverThreshold
{
    /// <summary>Most peaks kept for the tail fit; older ones are dropped first.</summary>
    internal const int MaxPeaks = 1000;

    private Queue<double> _peaks = new();
    private readonly double _risk;
    private long _count;
    private long _totalPeaks;
    private int _sinceFit;

    /// <summary>Calibrates on <paramref name="scores"/> (higher is more anomalous).</summary>
    /// <param name="scores">Calibration scores, such as a detector's scores on its training data.</param>
    /// <param name="risk">q: the probability that a normal score exceeds the threshold, in (0, 1).</param>
    /// <param name="initialQuantile">Level of the initial threshold t among the scores, in (0, 1); SPOT uses 0.98.</param>
    internal PeaksOverThreshold(IReadOnlyCollection<double> scores, double risk, double initialQuantile = 0.98)
    {
        if (!(risk > 0 && risk < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(risk), risk, "risk must lie strictly between 0 and 1.");
        }

        if (!(initialQuantile > 0 && initialQuantile < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(initialQuantile), initialQuantile, "initialQuantile must lie strictly between 0 and 1.");
        }

        var sorted = scores.Where(double.IsFinite).Order().ToArray();
        var peakCount = sorted.Length - (int)Math.Ceiling(initialQuantile * sorted.Length);
        if (peakCount < 10)
        {
            throw new ArgumentException(
                $"SPOT needs at least 10 calibration scores above its initial threshold (the {initialQuantile:P0} quantile); {sorted.Length} finite scores give {Math.Max(peakCount, 0)}.", nameof(scores));
        }

        if (risk >= (double)peakCount / sorted.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(risk), risk, $"risk must be below the share of scores above the initial threshold ({(double)peakCount / sorted.Length:G3}); lower it or the initial quantile.");
        }

        _risk = risk;
        _count = sorted.Length;
        InitialThreshold = sorted[sorted.Length - peakCount - 1];
        // In the scores' own order, so that when there are more than MaxPeaks the newest are kept.
        foreach (var score in scores)
        {
            if (double.IsFinite(score) && score > InitialThreshold)
            {
                AddPeak(score - InitialThreshold);
            }
        }

        Refit();
    }

    /// <summary>A copy with its own state, so several series can start from one calibration without refitting it.</summary>
    internal PeaksOverThreshold Clone()
    {
        var copy = (PeaksOverThreshold)MemberwiseClone();
        copy._peaks = new Queue<double>(_peaks);
        return copy;
    }

    /// <summary>t: the high quantile above which scores are peaks.</summary>
    internal double InitialThreshold { get; }

    /// <summary>Peaks the tail is fitted to now.</summary>
    internal int PeakCount => _peaks.Count;

    /// <summary>z_q: scores above it are alerts.</summary>
    internal double Threshold { get; private set; }

    /// <summary>The current tail fit.</summary>
    internal GeneralizedParetoFit Tail { get; private set; }

    /// <summary>Judges one streaming score and learns from it (an alert only up to the threshold).</summary>
    /// <returns>True when <paramref name="score"/> exceeds the threshold.</returns>
    internal bool Update(double score)
    {
        if (!double.IsFinite(score))
        {
            return false;
        }

        var alert = score > Threshold;
        _count++;
        if (score > InitialThreshold)
        {
            AddPeak(Math.Min(score, Threshold) - InitialThreshold);
            if (++_sinceFit * 20 >= _peaks.Count)
            {
                Refit();
            }
        }

        return alert;
    }

    /// <summary>Writes what streaming has changed: the peaks, the counts and the current fit.</summary>
    internal void SaveState(BinaryWriter writer)
    {
        writer.Write(_peaks.Count);
        foreach (var peak in _peaks)
        {
            writer.Write(peak);
        }

        writer.Write(_count);
        writer.Write(_totalPeaks);
        writer.Write(_sinceFit);
        writer.Write(Tail.Shape);
        writer.Write(Tail.Scale);
        writer.Write(Threshold);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    internal void RestoreState(BinaryReader reader)
    {
        var count = SessionState.ReadCount(reader, MaxPeaks);
        var peaks = new Queue<double>(count);
        for (var i = 0; i < count; i++)
        {
            peaks.Enqueue(reader.ReadDouble());
        }

        _peaks = peaks;
        _count = reader.ReadInt64();
        _totalPeaks = reader.ReadInt64();
        _sinceFit = reader.ReadInt32();
        Tail = new GeneralizedParetoFit(reader.ReadDouble(), reader.ReadDouble());
        Threshold = reader.ReadDouble();
    }

    private void AddPeak(double peak)
    {
        _peaks.Enqueue(peak);
        _totalPeaks++;
        if (_peaks.Count > MaxPeaks)
        {
            _peaks.Dequeue();
        }
    }

    private void Refit()
    {
        Tail = Tail.Scale > 0 ? GeneralizedParetoFit.Refit(_peaks.ToArray(), Tail) : GeneralizedParetoFit.Fit(_peaks.ToArray());
        _sinceFit = 0;

        // P(X > z) = (peaks / n) * P(Y > z - t) = q, so the peak quantile is taken at q n / peaks.
        Threshold = InitialThreshold + Tail.PeakQuantile(_risk * _count / _totalPeaks);
    }
}
