using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Core.Validation;

namespace MLNetAnomaly;

/// <summary>
/// The post-processing chain every detector's raw scores go through, the same for every detector: a calibrator turns
/// raw scores into tail probabilities (P-Value), optional rules adjust them, and an alert rule sets Alert. The Score
/// slot is −log10(P-Value) / 10 (NAB's log scaling of Numenta's likelihood), so 0.5 means p = 1e-5 and 1 means
/// p = 1e-10 for every detector and series: scores of different detectors can be compared, averaged and thresholded
/// alike. Each stage is fitted on the detector's training data, keeps per-series state (saved in streaming
/// checkpoints) and is saved with the model. Defaults are documented on each property and chosen by measurement on
/// NAB and SKAB (docs/benchmarks.md).
/// </summary>
public sealed class PostProcessingOptions
{
    /// <summary>How raw scores become p-values. Default <see cref="ScoreCalibration.Likelihood"/>.</summary>
    public ScoreCalibration Calibration { get; set; } = Defaults.Calibration;

    /// <summary>Adaptive calibration: raw scores in the long window. At least 10. Default 1000.</summary>
    public int AdaptiveHistory { get; set; } = Defaults.AdaptiveHistory;

    /// <summary>Adaptive calibration: raw scores averaged in the short window (1: the row's own). At least 1. Default 1.</summary>
    public int AdaptiveSmoothing { get; set; } = Defaults.AdaptiveSmoothing;

    /// <summary>Likelihood: raw scores in the short moving average. At least 1. Default 10 (Numenta's).</summary>
    public int LikelihoodAveraging { get; set; } = Defaults.LikelihoodAveraging;

    /// <summary>Likelihood: averaged scores the Gaussian is fitted to. At least 10. Default 8640 (Numenta's).</summary>
    public int LikelihoodHistory { get; set; } = Defaults.LikelihoodHistory;

    /// <summary>Likelihood: rows between two re-estimations of the Gaussian while scoring. At least 1. Default 100 (Numenta's).</summary>
    public int LikelihoodReestimationPeriod { get; set; } = Defaults.LikelihoodReestimationPeriod;

    /// <summary>
    /// Likelihood: keep only the first point of a run of p-values below 1e-5; the rest of the run get 1e-3 (Numenta's
    /// filter), so one lasting anomaly gives one strong signal. Default true.
    /// </summary>
    public bool LikelihoodFilter { get; set; } = Defaults.LikelihoodFilter;

    /// <summary>
    /// Range rule: a value outside the range of the values seen so far (training included), widened on each side by
    /// <see cref="RangeTolerance"/> times its width, gets P-Value 1e-10 (Score 1). The range then grows to include it.
    /// Multivariate rows: any dimension. Default true.
    /// </summary>
    public bool RangeRule { get; set; } = Defaults.RangeRule;

    /// <summary>Range rule: widening of the range on each side, as a share of its width, in [0, 10]. Default 0.05 (Numenta's).</summary>
    public double RangeTolerance { get; set; } = Defaults.RangeTolerance;

    /// <summary>
    /// Refractory period: rows after an alert during which no further alert is raised (scores and p-values are kept),
    /// so one event gives one alert. 0 turns it off; null takes the detector's own context length (its window, or
    /// its history for IID spike). Default null.
    /// </summary>
    public int? RefractoryPeriod { get; set; } = Defaults.RefractoryPeriod;

    /// <summary>
    /// How the Alert slot is decided: <see cref="AlertThreshold.PValue"/> (with <see cref="Confidence"/>),
    /// <see cref="AlertThreshold.Contamination"/> (with <see cref="ContaminationRate"/>),
    /// <see cref="AlertThreshold.Spot"/> (with <see cref="SpotRisk"/>) or <see cref="AlertThreshold.Score"/> (with
    /// <see cref="ScoreThreshold"/>). Default <see cref="AlertThreshold.Score"/>: on the chain's common scale a fixed
    /// score is a fixed p-value for every detector; measured against SPOT on NAB and SKAB (docs/benchmarks.md).
    /// </summary>
    public AlertThreshold Threshold { get; set; } = Defaults.Threshold;

    /// <summary>P-value rule: confidence in percent; alert where P-Value &lt; 1 − Confidence / 100. Strictly between 0 and 100. Default 99.</summary>
    public double Confidence { get; set; } = Defaults.Confidence;

    /// <summary>Contamination rule: the share of training points whose score would alert, in (0, 0.5]. Default 0.01.</summary>
    public double ContaminationRate { get; set; } = Defaults.ContaminationRate;

    /// <summary>
    /// SPOT rule: the probability that a normal point's score exceeds the threshold, in (0, 0.1]. SPOT needs at least
    /// 50 training scores that are not all tied; otherwise the score rule applies. Default 0.001.
    /// </summary>
    public double SpotRisk { get; set; } = Defaults.SpotRisk;

    /// <summary>
    /// Score rule (and SPOT's fallback): alert where Score ≥ this, in (0, 30]. Default 0.5 (P-Value ≤ 1e-5).
    /// </summary>
    public double ScoreThreshold { get; set; } = Defaults.ScoreThreshold;

    /// <summary>A copy, so a detector is not changed by later edits to the caller's object.</summary>
    public PostProcessingOptions Clone() => (PostProcessingOptions)MemberwiseClone();

    /// <summary>Checks every option, naming the first one out of range (as <c>PostProcessing.Name</c>).</summary>
    internal void Validate()
    {
        const string Prefix = "PostProcessing.";
        if (!Enum.IsDefined(Calibration))
        {
            throw new ArgumentOutOfRangeException(Prefix + nameof(Calibration), Calibration, "Calibration must be Static, Adaptive or Likelihood.");
        }

        if (!Enum.IsDefined(Threshold))
        {
            throw new ArgumentOutOfRangeException(Prefix + nameof(Threshold), Threshold, "Threshold must be PValue, Contamination, Spot or Score.");
        }

        Guard.AtLeast(AdaptiveHistory, 10, Prefix + nameof(AdaptiveHistory));
        Guard.AtLeast(AdaptiveSmoothing, 1, Prefix + nameof(AdaptiveSmoothing));
        Guard.AtLeast(LikelihoodAveraging, 1, Prefix + nameof(LikelihoodAveraging));
        Guard.AtLeast(LikelihoodHistory, 10, Prefix + nameof(LikelihoodHistory));
        Guard.AtLeast(LikelihoodReestimationPeriod, 1, Prefix + nameof(LikelihoodReestimationPeriod));
        Guard.InRange(RangeTolerance, 0, 10, Prefix + nameof(RangeTolerance), upperInclusive: true);
        if (RefractoryPeriod is { } refractory)
        {
            Guard.AtLeast(refractory, 0, Prefix + nameof(RefractoryPeriod));
        }

        Guard.Between(Confidence, 0, 100, Prefix + nameof(Confidence));
        Guard.InRange(ContaminationRate, double.Epsilon, 0.5, Prefix + nameof(ContaminationRate), upperInclusive: true);
        Guard.InRange(SpotRisk, double.Epsilon, 0.1, Prefix + nameof(SpotRisk), upperInclusive: true);
        Guard.InRange(ScoreThreshold, double.Epsilon, ChainScore.Maximum, Prefix + nameof(ScoreThreshold), upperInclusive: true);
    }

    /// <summary>The frozen settings the chain is built from; <paramref name="contextLength"/> resolves an automatic refractory period.</summary>
    internal ChainSettings ToSettings(int contextLength) => new(
        Calibration,
        AdaptiveHistory,
        AdaptiveSmoothing,
        LikelihoodAveraging,
        LikelihoodHistory,
        LikelihoodReestimationPeriod,
        LikelihoodFilter,
        RangeRule,
        RangeTolerance,
        RefractoryPeriod ?? Math.Max(contextLength, 0),
        Threshold,
        1 - (Confidence / 100),
        ContaminationRate,
        SpotRisk,
        ScoreThreshold);

    /// <summary>The options of <paramref name="detector"/>'s chain, or null when it has none (ML.NET's own output).</summary>
    internal static PostProcessingOptions? Of(IFittedDetector detector)
        => detector is PostProcessedDetector chained ? From(chained.Chain.Settings) : null;

    /// <summary>Options that describe <paramref name="settings"/> (a loaded model's chain).</summary>
    internal static PostProcessingOptions From(ChainSettings settings) => new()
    {
        Calibration = settings.Calibration,
        AdaptiveHistory = settings.AdaptiveHistory,
        AdaptiveSmoothing = settings.AdaptiveSmoothing,
        LikelihoodAveraging = settings.LikelihoodAveraging,
        LikelihoodHistory = settings.LikelihoodHistory,
        LikelihoodReestimationPeriod = settings.LikelihoodReestimationPeriod,
        LikelihoodFilter = settings.LikelihoodFilter,
        RangeRule = settings.RangeRule,
        RangeTolerance = settings.RangeTolerance,
        RefractoryPeriod = settings.RefractoryPeriod,
        Threshold = settings.Threshold,
        Confidence = 100 * (1 - settings.Alpha),
        ContaminationRate = settings.ContaminationRate,
        SpotRisk = settings.SpotRisk,
        ScoreThreshold = settings.ScoreThreshold,
    };

    /// <summary>The default of every option, in one place.</summary>
    internal static class Defaults
    {
        internal const ScoreCalibration Calibration = ScoreCalibration.Likelihood;
        internal const int AdaptiveHistory = 1000;
        internal const int AdaptiveSmoothing = 1;
        internal const int LikelihoodAveraging = 10;
        internal const int LikelihoodHistory = 8640;
        internal const int LikelihoodReestimationPeriod = 100;
        internal const bool LikelihoodFilter = true;
        internal const bool RangeRule = true;
        internal const double RangeTolerance = 0.05;
        internal static readonly int? RefractoryPeriod = null;
        internal const AlertThreshold Threshold = AlertThreshold.Score;
        internal const double Confidence = 99;
        internal const double ContaminationRate = 0.01;
        internal const double SpotRisk = 1e-3;
        internal const double ScoreThreshold = 0.5;
    }
}
