using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>
/// The mean of the last few raw scores (the calibrators' short window), seeded with the newest training scores. The
/// window is short, so the mean is summed afresh each time: nothing accumulates rounding or cancels.
/// </summary>
internal sealed class RecentMean
{
    private readonly double[] _values;
    private int _next;

    /// <summary>A window holding a copy of <paramref name="seed"/> (oldest first; at least one value).</summary>
    internal RecentMean(double[] seed)
    {
        _values = (double[])seed.Clone();
    }

    /// <summary>Adds a value in place of the oldest and returns the window's mean.</summary>
    internal double Add(double value)
    {
        _values[_next] = value;
        _next = (_next + 1) % _values.Length;
        var sum = 0.0;
        foreach (var v in _values)
        {
            sum += v;
        }

        return sum / _values.Length;
    }

    /// <summary>The Gaussian upper tail probability of <paramref name="z"/>.</summary>
    internal static double UpperTail(double z) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(z / Math.Sqrt(2));

    /// <summary>Writes the window.</summary>
    internal void SaveState(BinaryWriter writer)
    {
        SessionState.Write(writer, _values);
        writer.Write(_next);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    internal void RestoreState(BinaryReader reader)
    {
        SessionState.Read(reader, _values);
        _next = SessionState.ReadIndex(reader, _values.Length);
    }
}
