using MathNet.Numerics;
using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// The p-value of a new raw score against a sliding history of earlier ones, by ML.NET's rule for its IID and SSA
/// detectors: a Gaussian kernel density estimate of the history whose kernel deviation is the history's population
/// standard deviation (1 for a history of one score; the bandwidth √2 σ is floored at 1e-6). Scores are kept in single
/// precision, as ML.NET keeps them. The deviation is recomputed from the history with two passes at every point,
/// where ML.NET keeps a running sum of squared differences that drifts and turns negative on a constant history
/// (its p-values are then NaN); here a constant history gives the floored bandwidth.
/// </summary>
internal sealed class KernelPValue
{
    /// <summary>The smallest p-value ML.NET reports; it clamps to [MinimumPValue, 1 − MinimumPValue].</summary>
    internal const double MinimumPValue = 1e-8;

    /// <summary>
    /// Scores the history holds (or all of it, when shorter) before <see cref="AccuratePValue"/> judges anything: a
    /// kernel over one or two values has a made-up bandwidth, and its tails would rank the first rows as extreme.
    /// </summary>
    internal const int MinimumRankingHistory = 10;

    private readonly float[] _history;
    private int _count;
    private int _next;

    /// <summary>Keeps the last <paramref name="length"/> scores.</summary>
    internal KernelPValue(int length)
    {
        _history = new float[length];
    }

    /// <summary>Scores in the history now.</summary>
    internal int Count => _count;

    /// <summary>True once the history holds its full length.</summary>
    internal bool IsFull => _count == _history.Length;

    /// <summary>
    /// ML.NET's p-value of <paramref name="score"/> on <paramref name="side"/>, clamped to [1e-8, 1 − 1e-8]: the upper
    /// tail for positive spikes, the lower for negative, the smaller of the two (not doubled) for both; 0.5 with an
    /// empty history. The tail is 0.5 − Σ erf((x − hᵢ) / bandwidth) / 2n with the Abramowitz–Stegun 7.1.26 erf, as
    /// ML.NET computes it, so p-values agree to rounding.
    /// </summary>
    internal double PValue(float score, SpikeSide side)
    {
        if (_count == 0)
        {
            return 0.5;
        }

        var sum = ErrorFunction.SumAbramowitzStegun(score, _history.AsSpan(0, _count), 1 / Bandwidth());

        var upper = 0.5 - (sum / (2 * _count));
        var p = side switch
        {
            SpikeSide.Positive => upper,
            SpikeSide.Negative => 1 - upper,
            _ => Math.Min(upper, 1 - upper),
        };
        return Math.Clamp(p, MinimumPValue, 1 - MinimumPValue);
    }

    /// <summary>
    /// The same tail probability computed for ranking rather than for ML.NET's output: each tail from the
    /// complementary error function, so extreme scores keep distinct, accurate p-values far below 1e-8, and no clamp;
    /// 0.5 until the history holds <see cref="MinimumRankingHistory"/> scores. Used when the scores feed a
    /// post-processing chain.
    /// </summary>
    internal double AccuratePValue(float score, SpikeSide side)
    {
        if (_count < Math.Min(MinimumRankingHistory, _history.Length))
        {
            return 0.5;
        }

        var bandwidth = Bandwidth();
        double upper = 0, lower = 0;
        for (var i = 0; i < _count; i++)
        {
            var z = ((double)score - _history[i]) / bandwidth;
            upper += SpecialFunctions.Erfc(z);
            lower += SpecialFunctions.Erfc(-z);
        }

        upper /= 2 * _count;
        lower /= 2 * _count;
        return side switch
        {
            SpikeSide.Positive => upper,
            SpikeSide.Negative => lower,
            _ => Math.Min(upper, lower),
        };
    }

    /// <summary>Adds <paramref name="score"/>, dropping the oldest once the history is full.</summary>
    internal void Add(float score)
    {
        _history[_next] = score;
        _next = (_next + 1) % _history.Length;
        _count = Math.Min(_count + 1, _history.Length);
    }

    /// <summary>Writes the history in storage order.</summary>
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

    private double Bandwidth()
    {
        if (_count == 1)
        {
            return Math.Sqrt(2);
        }

        var mean = 0.0;
        for (var i = 0; i < _count; i++)
        {
            mean += _history[i];
        }

        mean /= _count;
        var squares = 0.0;
        for (var i = 0; i < _count; i++)
        {
            var deviation = _history[i] - mean;
            squares += deviation * deviation;
        }

        return Math.Max(Math.Sqrt(2) * Math.Sqrt(squares / _count), 1e-6);
    }
}
