using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>
/// Mean and standard deviation of the last <c>capacity</c> values, updated in O(1) per value and numerically stable:
/// the sums are kept about a shift (the mean at the last recomputation), and are recomputed exactly from the window
/// whenever a leaving value dominated them (so a huge value that leaves cannot cancel the rest away) and otherwise
/// once every <c>capacity</c> updates. Checkpoints hold the sums as they are, so a restored copy continues
/// bit-identically.
/// </summary>
internal sealed class SlidingMoments
{
    private readonly double[] _values;
    private int _count;
    private int _next;
    private double _shift;
    private double _sum;
    private double _sumOfSquares;
    private int _sinceRecompute;

    /// <summary>An empty window of <paramref name="capacity"/> values.</summary>
    internal SlidingMoments(int capacity)
    {
        _values = new double[Math.Max(capacity, 1)];
    }

    /// <summary>Values in the window.</summary>
    internal int Count => _count;

    /// <summary>The mean of the window (0 when empty).</summary>
    internal double Mean => _count == 0 ? 0 : _shift + (_sum / _count);

    /// <summary>The population standard deviation of the window (0 when empty).</summary>
    internal double StandardDeviation
    {
        get
        {
            if (_count == 0)
            {
                return 0;
            }

            var mean = _sum / _count;
            return Math.Sqrt(Math.Max((_sumOfSquares / _count) - (mean * mean), 0));
        }
    }

    /// <summary>Adds a value, dropping the oldest when the window is full.</summary>
    internal void Add(double value)
    {
        var recompute = false;
        if (_count == _values.Length)
        {
            var leaving = _values[_next] - _shift;
            _sum -= leaving;
            _sumOfSquares -= leaving * leaving;
            recompute = leaving * leaving > 0.5 * (_sumOfSquares + (leaving * leaving));
        }
        else
        {
            _count++;
        }

        _values[_next] = value;
        _next = (_next + 1) % _values.Length;
        var shifted = value - _shift;
        _sum += shifted;
        _sumOfSquares += shifted * shifted;
        if (recompute || ++_sinceRecompute >= _values.Length)
        {
            Recompute();
        }
    }

    /// <summary>Writes the window and the sums.</summary>
    internal void SaveState(BinaryWriter writer)
    {
        SessionState.Write(writer, _values);
        writer.Write(_count);
        writer.Write(_next);
        writer.Write(_shift);
        writer.Write(_sum);
        writer.Write(_sumOfSquares);
        writer.Write(_sinceRecompute);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    internal void RestoreState(BinaryReader reader)
    {
        SessionState.Read(reader, _values);
        _count = SessionState.ReadCount(reader, _values.Length);
        _next = SessionState.ReadIndex(reader, _values.Length);
        _shift = reader.ReadDouble();
        _sum = reader.ReadDouble();
        _sumOfSquares = reader.ReadDouble();
        _sinceRecompute = SessionState.ReadCount(reader, _values.Length);
    }

    /// <summary>A copy with the same window and sums.</summary>
    internal SlidingMoments Clone()
    {
        var copy = new SlidingMoments(_values.Length);
        _values.CopyTo(copy._values, 0);
        (copy._count, copy._next, copy._shift, copy._sum, copy._sumOfSquares, copy._sinceRecompute) = (_count, _next, _shift, _sum, _sumOfSquares, _sinceRecompute);
        return copy;
    }

    private void Recompute()
    {
        var total = 0.0;
        for (var i = 0; i < _count; i++)
        {
            total += _values[i];
        }

        // With a full window every slot holds a value; before that, the first _count slots do.
        _shift = total / _count;
        _sum = 0;
        _sumOfSquares = 0;
        for (var i = 0; i < _count; i++)
        {
            var shifted = _values[i] - _shift;
            _sum += shifted;
            _sumOfSquares += shifted * shifted;
        }

        _sinceRecompute = 0;
    }
}
