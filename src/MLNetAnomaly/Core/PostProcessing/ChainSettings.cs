namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>The frozen settings of a post-processing chain (see <see cref="PostProcessingOptions"/> for each one's meaning).</summary>
/// <param name="Calibration">How raw scores become p-values.</param>
/// <param name="AdaptiveHistory">Adaptive: raw scores in the long window.</param>
/// <param name="AdaptiveSmoothing">Adaptive: raw scores in the short window.</param>
/// <param name="LikelihoodAveraging">Likelihood: raw scores in the moving average.</param>
/// <param name="LikelihoodHistory">Likelihood: averaged scores the Gaussian is fitted to.</param>
/// <param name="LikelihoodReestimationPeriod">Likelihood: rows between re-estimations.</param>
/// <param name="LikelihoodFilter">Likelihood: keep only the first point of a run of very low p-values.</param>
/// <param name="RangeRule">Flag values outside the range seen so far.</param>
/// <param name="RangeTolerance">Range rule: widening on each side, as a share of the width.</param>
/// <param name="RefractoryPeriod">Rows after an alert without another alert (0: off).</param>
/// <param name="Threshold">The alert rule.</param>
/// <param name="Alpha">P-value rule: alert below this p-value.</param>
/// <param name="ContaminationRate">Contamination rule: share of training points that would alert.</param>
/// <param name="SpotRisk">SPOT rule: probability that a normal point exceeds the threshold.</param>
/// <param name="ScoreThreshold">Score rule (and SPOT's fallback): alert where Score reaches it.</param>
internal sealed record ChainSettings(
    ScoreCalibration Calibration,
    int AdaptiveHistory,
    int AdaptiveSmoothing,
    int LikelihoodAveraging,
    int LikelihoodHistory,
    int LikelihoodReestimationPeriod,
    bool LikelihoodFilter,
    bool RangeRule,
    double RangeTolerance,
    int RefractoryPeriod,
    AlertThreshold Threshold,
    double Alpha,
    double ContaminationRate,
    double SpotRisk,
    double ScoreThreshold);
