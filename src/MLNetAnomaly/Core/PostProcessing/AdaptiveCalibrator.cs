using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>
/// Adaptive calibration: the mean of the last <c>smoothing</c> raw scores is compared with the mean μ and deviation σ
/// of the last <c>history</c> raw scores (seeded with the newest training scores), z = (short mean − μ) / σ, and the
/// p-value is the Gaussian upper tail of z (above 0.5 for scores below the recent mean); the score then joins the
/// history, so the scale follows slow drifts while a sudden jump still stands out. σ is at least 1e-6 · max(|μ|, 1e-12).
/// The long window's moments are kept by <see cref="SlidingMoments"/>, so one huge score cannot corrupt them.
/// </summary>
internal sealed class AdaptiveCalibrator
{
    private readonly SlidingMoments _history;
    private readonly double[] _recent;

    /// <summary>Fits on the newest training scores.</summary>
    internal AdaptiveCalibrator(IReadOnlyList<double> trainingScores, int history, int smoothing)
    {
        var finite = trainingScores.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            throw new ArgumentException("At least one finite training score is needed to calibrate scores.", nameof(trainingScores));
        }

        _history = new SlidingMoments(Math.Min(history, finite.Length));
        foreach (var score in finite.AsSpan(finite.Length - Math.Min(history, finite.Length)))
        {
            _history.Add(score);
        }

        _recent = finite[^Math.Min(smoothing, finite.Length)..];
    }

    /// <summary>A state for one series, starting from the fitted windows.</summary>
    internal CalibratorState Start() => new State(_history.Clone(), _recent);

    private sealed class State(SlidingMoments history, double[] recent) : CalibratorState
    {
        private readonly RecentMean _recent = new(recent);

        internal override double PValue(double raw)
        {
            var recentMean = _recent.Add(raw);
            var mean = history.Mean;
            var deviation = Math.Max(history.StandardDeviation, 1e-6 * Math.Max(Math.Abs(mean), 1e-12));
            history.Add(raw);
            return RecentMean.UpperTail((recentMean - mean) / deviation);
        }

        internal override void SaveState(BinaryWriter writer)
        {
            history.SaveState(writer);
            _recent.SaveState(writer);
        }

        internal override void RestoreState(BinaryReader reader)
        {
            history.RestoreState(reader);
            _recent.RestoreState(reader);
        }
    }
}
