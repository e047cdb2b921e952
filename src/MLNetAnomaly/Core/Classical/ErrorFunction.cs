namespace MLNetAnomaly.Core.Classical;

/// <summary>The error function as ML.NET's time-series detectors compute it.</summary>
internal static class ErrorFunction
{
    /// <summary>
    /// erf by the rational approximation 7.1.26 of Abramowitz and Stegun (Handbook of Mathematical Functions, 1964),
    /// absolute error below 1.5e-7, extended to negative arguments by symmetry. Its value at 0 is 1e-9, not 0. ML.NET
    /// uses this approximation for its kernel p-values; a library erf moves those p-values by up to about 7e-8.
    /// </summary>
    internal static double AbramowitzStegun(double x)
    {
        var sign = x < 0 ? -1.0 : 1.0;
        var a = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.3275911 * a));
        var polynomial = ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t;
        polynomial = (polynomial + 0.254829592) * t;
        return sign * (1 - (polynomial * Math.Exp(-a * a)));
    }
}
