namespace MLNetAnomaly;

/// <summary>
/// How the post-processing chain decides that a point is an alert (the Alert slot), from the calibrated Score and
/// P-Value; it does not change them.
/// </summary>
public enum AlertThreshold
{
    /// <summary>Alert when the p-value is below 1 - Confidence / 100, as ML.NET's detectors do.</summary>
    PValue = 0,

    /// <summary>
    /// Alert when the score exceeds the (1 - ContaminationRate) quantile of the scores the chain gives the detector's
    /// own training data: about that share of normal points alert, whatever the shape of the score distribution.
    /// </summary>
    Contamination = 1,

    /// <summary>
    /// SPOT (Siffer et al., KDD 2017): the peaks of the training scores over a high quantile are fitted with a
    /// generalised Pareto distribution, and the threshold is the score a normal point exceeds with probability
    /// SpotRisk. While scoring, scores between the initial quantile and the threshold refine the fit.
    /// </summary>
    Spot = 2,

    /// <summary>Alert when the score reaches a fixed value (<see cref="PostProcessingOptions.ScoreThreshold"/>).</summary>
    Score = 3,
}
