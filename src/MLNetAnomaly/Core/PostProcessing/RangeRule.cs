using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>
/// The range rule's per-series state (after Numenta's NAB detector, which adds it to the likelihood): the smallest
/// and largest value seen so far in each dimension, training included. A value outside [min − t, max + t], with
/// t = tolerance · (max − min), is out of range; every finite value then widens the range. With a flat history
/// (max = min) any other value is out of range.
/// </summary>
internal sealed class RangeRule
{
    private readonly double[] _min;
    private readonly double[] _max;
    private readonly double _tolerance;

    /// <summary>Starts from the training range of each dimension (infinite bounds where a dimension had no finite value).</summary>
    internal RangeRule(IReadOnlyList<double> min, IReadOnlyList<double> max, double tolerance)
    {
        _min = min.ToArray();
        _max = max.ToArray();
        _tolerance = tolerance;
    }

    /// <summary>True when a finite value of the row lies outside its dimension's widened range; the range then grows.</summary>
    internal bool Observe(ReadOnlySpan<float> row)
    {
        var outside = false;
        for (var d = 0; d < row.Length; d++)
        {
            double value = row[d];
            if (!double.IsFinite(value))
            {
                continue;
            }

            if (_min[d] <= _max[d])
            {
                var margin = _tolerance * (_max[d] - _min[d]);
                outside |= value < _min[d] - margin || value > _max[d] + margin;
            }

            _min[d] = Math.Min(_min[d], value);
            _max[d] = Math.Max(_max[d], value);
        }

        return outside;
    }

    /// <summary>Writes the bounds.</summary>
    internal void SaveState(BinaryWriter writer)
    {
        SessionState.Write(writer, _min);
        SessionState.Write(writer, _max);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    internal void RestoreState(BinaryReader reader)
    {
        SessionState.Read(reader, _min);
        SessionState.Read(reader, _max);
    }
}
