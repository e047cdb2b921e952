namespace MLNetAnomaly;

/// <summary>
/// What the batch spectral residual detector computes besides the anomaly flag, as ML.NET's <c>SrCnnDetectMode</c>
/// (same members, same values).
/// </summary>
public enum SpectralResidualBatchMode
{
    /// <summary>[IsAnomaly, AnomalyScore, Mag].</summary>
    AnomalyOnly = 0,

    /// <summary>
    /// [IsAnomaly, AnomalyScore, Mag, ExpectedValue, BoundaryUnit, UpperBoundary, LowerBoundary]; AnomalyScore is then
    /// the anomaly's position on the margin curve, 0 for the other points.
    /// </summary>
    AnomalyAndMargin = 1,

    /// <summary>[IsAnomaly, AnomalyScore, Mag, ExpectedValue].</summary>
    AnomalyAndExpectedValue = 2,
}
