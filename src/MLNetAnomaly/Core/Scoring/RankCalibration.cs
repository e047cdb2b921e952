namespace MLNetAnomaly.Core.Scoring;

/// <summary>
/// Maps a detector's ranking value (higher: more anomalous) to [0, 1) by where it falls among the values the
/// detector gave its own training series: the share below it, ties counted half. Beyond the largest training value
/// the score keeps rising towards 1 (an exponential tail scaled by the distance from the median to the largest), so
/// that larger values still rank higher. This makes scores of different detectors, and of one detector on different
/// series, mean the same thing: how rare the value was in training.
/// </summary>
internal sealed class RankCalibration
{
    private readonly float[] _sorted;
    private readonly double _tailScale;

    /// <summary>Builds the calibration from training ranking values (non-finite ones are left out).</summary>
    internal RankCalibration(IEnumerable<double> trainingValues)
    {
        _sorted = trainingValues.Where(double.IsFinite).Select(v => (float)v).Order().ToArray();
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("At least one finite training value is needed to calibrate scores.", nameof(trainingValues));
        }

        _tailScale = Math.Max(_sorted[^1] - _sorted[_sorted.Length / 2], 1e-9);
    }

    /// <summary>The sorted training values (what is persisted).</summary>
    internal IReadOnlyList<float> Sorted => _sorted;

    /// <summary>Rebuilds a calibration from persisted sorted values.</summary>
    internal static RankCalibration FromSorted(float[] sorted) => new(sorted.Select(v => (double)v));

    /// <summary>The calibrated score of <paramref name="value"/>, in [0, 1); NaN stays NaN.</summary>
    internal double Score(double value)
    {
        if (double.IsNaN(value))
        {
            return double.NaN;
        }

        var n = _sorted.Length;
        var max = _sorted[^1];
        if (value > max)
        {
            return (n + (1 - Math.Exp(-(value - max) / _tailScale))) / (n + 1.0);
        }

        var single = (float)value;
        var below = SortedValues.LowerBound(_sorted, single);
        var equal = SortedValues.LowerBound(_sorted, MathF.BitIncrement(single)) - below;
        return (below + (0.5 * equal)) / (n + 1.0);
    }
}
