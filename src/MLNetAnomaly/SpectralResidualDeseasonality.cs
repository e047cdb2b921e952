namespace MLNetAnomaly;

/// <summary>
/// How the whole-series spectral residual detector removes a season of <see cref="SpectralResidualBatchOptions.Period"/>
/// points before detection, as ML.NET's <c>SrCnnDeseasonalityMode</c> (same members, same order).
/// </summary>
public enum SpectralResidualDeseasonality
{
    /// <summary>The remainder of an STL decomposition (ML.NET's default; not available in this version: choose Median or Mean).</summary>
    Stl = 0,

    /// <summary>Subtract the mean of each phase of the period.</summary>
    Mean = 1,

    /// <summary>Subtract the median of each phase of the period (the upper median for an even count, as ML.NET's).</summary>
    Median = 2,
}
