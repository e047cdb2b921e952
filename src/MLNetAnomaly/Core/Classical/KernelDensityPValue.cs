using MathNet.Numerics;
using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// The kernel p-value of models saved before parity with ML.NET (<see cref="IidKernel.Silverman"/>), kept so they
/// score as they did; new models use <see cref="KernelPValue"/>. The p-value of a new value against a sliding history
/// of earlier values, from a Gaussian kernel density estimate
/// of the history (Parzen 1962; bandwidth by Silverman's rule, 1.06 σ n^(−1/5)). The estimate's distribution
/// function is F(x) = mean over the history of Φ((x − hᵢ) / bandwidth).
/// </summary>
internal sealed class KernelDensityPValue
{
    private readonly double[] _history;
    private int _count;
    private int _next;

    /// <summary>Keeps the last <paramref name="length"/> values.</summary>
    internal KernelDensityPValue(int length)
    {
        _history = new double[length];
    }

    /// <summary>Values in the history now.</summary>
    internal int Count => _count;

    /// <summary>Fewest values (or the whole history, when shorter) before p-values are computed.</summary>
    internal const int MinimumHistory = 10;

    /// <summary>
    /// The p-value of <paramref name="value"/> on <paramref name="side"/>: 1 − F(x) for high values, F(x) for low
    /// ones, 2 min(F, 1 − F) for both; 0.5 until the history holds <see cref="MinimumHistory"/> values (or is full).
    /// </summary>
    internal double PValue(double value, SpikeSide side)
    {
        if (_count < Math.Min(MinimumHistory, _history.Length))
        {
            return 0.5;
        }

        double sum = 0, sumOfSquares = 0;
        for (var i = 0; i < _count; i++)
        {
            sum += _history[i];
            sumOfSquares += _history[i] * _history[i];
        }

        var mean = sum / _count;
        var deviation = Math.Sqrt(Math.Max((sumOfSquares / _count) - (mean * mean), 0));

        // A constant history still gets a (tiny) bandwidth, so a repeat of its value scores 0.5 and anything else 0 or 1.
        var bandwidth = Math.Max(1.06 * deviation * Math.Pow(_count, -0.2), 1e-9 * Math.Max(Math.Abs(mean), 1));
        var below = 0.0;
        for (var i = 0; i < _count; i++)
        {
            below += 0.5 * SpecialFunctions.Erfc((_history[i] - value) / (bandwidth * Math.Sqrt(2)));
        }

        var cdf = below / _count;
        return side switch
        {
            SpikeSide.Positive => 1 - cdf,
            SpikeSide.Negative => cdf,
            _ => Math.Min(1, 2 * Math.Min(cdf, 1 - cdf)),
        };
    }

    /// <summary>Writes the history as it is stored (its order matters to the rounding of the sums).</summary>
    internal void SaveState(BinaryWriter writer)
    {
        SessionState.Write(writer, _history);
        writer.Write(_count);
        writer.Write(_next);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    internal void RestoreState(BinaryReader reader)
    {
        SessionState.Read(reader, _history);
        _count = SessionState.ReadCount(reader, _history.Length);
        _next = SessionState.ReadIndex(reader, _history.Length);
    }

    /// <summary>Adds <paramref name="value"/>, dropping the oldest value once the history is full.</summary>
    internal void Add(double value)
    {
        _history[_next] = value;
        _next = (_next + 1) % _history.Length;
        _count = Math.Min(_count + 1, _history.Length);
    }
}
