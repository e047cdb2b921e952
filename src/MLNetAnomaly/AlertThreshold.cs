namespace MLNetAnomaly;

/// <summary>How a detector decides that a point is an alert (the Alert slot); Score and P-Value do not change.</summary>
public enum AlertThreshold
{
    /// <summary>
    /// Alert when the p-value is below 1 - Confidence / 100, as ML.NET's detectors do. The p-value is exact under
    /// static calibration and a Gaussian approximation under adaptive calibration.
    /// </summary>
    PValue = 0,

    /// <summary>
    /// Alert when the score exceeds the (1 - ContaminationRate) quantile of the scores the detector gives its own
    /// training data: about that share of normal points alert, whatever the shape of the score distribution.
    /// </summary>
    Contamination = 1,

    /// <summary>
    /// SPOT (Siffer et al., KDD 2017): the peaks of the training scores over a high quantile are fitted with a
    /// generalised Pareto distribution, and the threshold is the score a normal point exceeds with probability
    /// SpotRisk. While scoring, scores between the initial quantile and the threshold refine the fit.
    /// </summary>
    Spot = 2,
}
