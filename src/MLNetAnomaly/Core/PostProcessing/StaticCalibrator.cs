using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>
/// Static calibration: a raw score's p-value is the share of training scores at least as large, smoothed as
/// (k + 1) / (n + 1) so it never reaches 0; beyond the largest training score it keeps falling as an exponential tail,
/// (1 / (n + 1)) · exp(−(s − max) / scale), with scale = max − median (at least 1e-6 of max(|max|, 1)), so larger
/// scores still rank higher. Stateless while scoring.
/// </summary>
internal sealed class StaticCalibrator
{
    private readonly double[] _sorted;
    private readonly double _tailScale;

    /// <summary>Fits on the training scores (copied and sorted).</summary>
    internal StaticCalibrator(IReadOnlyList<double> trainingScores)
    {
        _sorted = trainingScores.Where(double.IsFinite).Order().ToArray();
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("At least one finite training score is needed to calibrate scores.", nameof(trainingScores));
        }

        var max = _sorted[^1];
        _tailScale = Math.Max(max - _sorted[_sorted.Length / 2], 1e-6 * Math.Max(Math.Abs(max), 1));
    }

    /// <summary>The p-value of <paramref name="raw"/>.</summary>
    internal double PValue(double raw)
    {
        var n = _sorted.Length;
        if (raw > _sorted[^1])
        {
            return Math.Exp(-(raw - _sorted[^1]) / _tailScale) / (n + 1.0);
        }

        var atLeast = n - SortedValues.LowerBound(_sorted, raw);
        return (atLeast + 1.0) / (n + 1.0);
    }

    /// <summary>A state for one series (the calibration keeps none).</summary>
    internal CalibratorState Start() => new State(this);

    private sealed class State(StaticCalibrator owner) : CalibratorState
    {
        internal override double PValue(double raw) => owner.PValue(raw);

        internal override void SaveState(BinaryWriter writer)
        {
        }

        internal override void RestoreState(BinaryReader reader)
        {
        }
    }
}
