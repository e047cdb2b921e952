namespace MLNetAnomaly;

/// <summary>What the batch spectral residual detector computes besides the anomaly flag.</summary>
public enum SpectralResidualBatchMode
{
    /// <summary>[IsAnomaly, AnomalyScore, Mag].</summary>
    AnomalyOnly = 0,

    /// <summary>[IsAnomaly, AnomalyScore, Mag, ExpectedValue].</summary>
    AnomalyAndExpectedValue = 1,

    /// <summary>[IsAnomaly, AnomalyScore, Mag, ExpectedValue, BoundaryUnit, UpperBoundary, LowerBoundary].</summary>
    AnomalyAndMargin = 2,
}
