namespace MLNetAnomaly;

/// <summary>
/// How the SSA detectors turn a value and its forecast into a raw score, as ML.NET's <c>ErrorFunction</c> (same
/// members, same order; named apart so both packages can be referenced together).
/// </summary>
public enum SsaErrorFunction
{
    /// <summary>Value − forecast (ML.NET's default).</summary>
    SignedDifference = 0,

    /// <summary>|value − forecast|.</summary>
    AbsoluteDifference = 1,

    /// <summary>(value − forecast) / forecast, or 0 when the forecast is 0.</summary>
    SignedProportion = 2,

    /// <summary>|(value − forecast) / forecast|, or 0 when the forecast is 0.</summary>
    AbsoluteProportion = 3,

    /// <summary>(value − forecast)².</summary>
    SquaredDifference = 4,
}
