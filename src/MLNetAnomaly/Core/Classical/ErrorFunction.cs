using System.Runtime.Intrinsics;

namespace MLNetAnomaly.Core.Classical;

/// <summary>The error function as ML.NET's time-series detectors compute it.</summary>
internal static class ErrorFunction
{
    /// <summary>
    /// erf by the rational approximation 7.1.26 of Abramowitz and Stegun (Handbook of Mathematical Functions, 1964),
    /// absolute error below 1.5e-7, extended to negative arguments by symmetry. Its value at 0 is 1e-9, not 0. ML.NET
    /// uses this approximation for its kernel p-values; a library erf moves those p-values by up to about 7e-8.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static double AbramowitzStegun(double x)
    {
        var sign = x < 0 ? -1.0 : 1.0;
        var a = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.3275911 * a));
        var polynomial = ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t;
        polynomial = (polynomial + 0.254829592) * t;
        return sign * (1 - (polynomial * Math.Exp(-a * a)));
    }

    /// <summary>
    /// Σ erf((x − hᵢ) · scale) over <paramref name="history"/> by <see cref="AbramowitzStegun"/>, four at a time where
    /// the hardware has 256-bit vectors (the same approximation; the sum's rounding and exp's last bit may differ from
    /// one at a time by about 1e-16 relative).
    /// </summary>
    internal static double SumAbramowitzStegun(double x, ReadOnlySpan<float> history, double scale)
    {
        var sum = 0.0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && history.Length >= Vector256<double>.Count)
        {
            var value = Vector256.Create(x);
            var factor = Vector256.Create(scale);
            var one = Vector256<double>.One;
            var total = Vector256<double>.Zero;
            for (; i <= history.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var z = (value - Vector256.Create((double)history[i], history[i + 1], history[i + 2], history[i + 3])) * factor;
                var a = Vector256.Abs(z);
                var t = one / (one + (Vector256.Create(0.3275911) * a));
                var polynomial = ((((((Vector256.Create(1.061405429) * t) - Vector256.Create(1.453152027)) * t) + Vector256.Create(1.421413741)) * t) - Vector256.Create(0.284496736)) * t;
                polynomial = (polynomial + Vector256.Create(0.254829592)) * t;
                var magnitude = one - (polynomial * Vector256.Exp(-(a * a)));
                total += Vector256.ConditionalSelect(Vector256.LessThan(z, Vector256<double>.Zero), -magnitude, magnitude);
            }

            sum = Vector256.Sum(total);
        }

        for (; i < history.Length; i++)
        {
            sum += AbramowitzStegun((x - history[i]) * scale);
        }

        return sum;
    }
}
