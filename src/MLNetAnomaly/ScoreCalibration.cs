namespace MLNetAnomaly;

/// <summary>How a deep detector turns its errors into scores and p-values.</summary>
public enum ScoreCalibration
{
    /// <summary>
    /// Against the errors on the training data, fixed at fit time: Score = error / root-mean-square training error,
    /// P-Value = the share of training errors at least as large.
    /// </summary>
    Static = 0,

    /// <summary>
    /// Against a sliding window of recent errors (seeded with the newest training errors): Score = the z-score of
    /// the recent mean error, P-Value = its Gaussian upper tail. Follows slow drifts; see docs/detectors.md.
    /// </summary>
    Adaptive = 1,
}
