namespace MLNetAnomaly;

/// <summary>
/// How the post-processing chain turns a detector's raw scores (higher: more anomalous) into tail probabilities,
/// the P-Value slot. The Score slot is then the same function of the P-Value for every detector (see
/// <see cref="PostProcessingOptions"/>).
/// </summary>
public enum ScoreCalibration
{
    /// <summary>
    /// Against the raw scores of the training data, fixed at fit time: P-Value = the share of training scores at least
    /// as large (smoothed, and continued by an exponential tail beyond the largest).
    /// </summary>
    Static = 0,

    /// <summary>
    /// Against a sliding window of recent raw scores (seeded with the newest training scores): P-Value = the Gaussian
    /// upper tail of the z-score of the recent mean raw score. Follows slow drifts.
    /// </summary>
    Adaptive = 1,

    /// <summary>
    /// Numenta's anomaly likelihood (Ahmad et al., Neurocomputing 2017): a short moving average of raw scores judged
    /// against a Gaussian fitted to a long history of such averages, re-estimated periodically while scoring;
    /// P-Value = its upper tail, with runs of very low probabilities reduced to their first point.
    /// </summary>
    Likelihood = 2,
}
