using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Adapters;
using MLNetAnomaly.ML.Persistence;
using MLNetAnomaly.ML.Schema;
using MLNetAnomaly;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML;

namespace MLNetAnomaly;

// <summary>Turns any ML.NET estimator with a numeric score column into a detector MLNetAnomaly can compare, evaluate and select.</summary>
public static partial class MLNetAnomalyCatalog
{
    /// <summary>
    /// Wraps <paramref name="estimator"/> so that, after its own columns, its transformer adds the standard prediction
    /// column [Alert, Score, P-Value] read from <paramref name="scoreColumnName"/>. Works with ML.NET's
    /// time-series detectors (<c>DetectIidSpike</c>, <c>DetectSpikeBySsa</c>, <c>DetectAnomalyBySrCnn</c>: the
    /// default layout), with anomaly trainers such as <c>RandomizedPca</c> (score column "Score", alerts from
    /// "PredictedLabel") and with any transform that yields a score.
    /// </summary>
    /// <param name="estimator">The estimator to adapt.</param>
    /// <param name="scoreColumnName">Its output column with the score: Single or Double, or a known-size vector of them.</param>
    /// <param name="outputColumnName">The prediction column to add. Default "Prediction".</param>
    /// <param name="layout">Where the score, alert and p-value are. Default: ML.NET's [Alert, Score, P-Value] vector.</param>
    /// <param name="postProcessing">
    /// Null (the default) passes the estimator's own score, alert and p-value through, except for a bare score (a
    /// scalar score column with no <see cref="ScoreColumnLayout.AlertColumnName"/> or
    /// <see cref="ScoreColumnLayout.AlertAbove"/>), which has neither: the default chain then derives them. Set, its score (oriented by the
    /// layout) is the raw score of the library's post-processing chain, fitted on the training data's scores, so the
    /// output means what every other detector's does: [Alert, Score, P-Value] on the chain's common scale. The range
    /// rule does not apply (the adapter does not know the estimator's input column).
    /// </param>
    /// <returns>An estimator whose transformer adds the prediction column.</returns>
    public static DetectorAdapterEstimator AsDetector(this IEstimator<ITransformer> estimator, string scoreColumnName, string outputColumnName = "Prediction", ScoreColumnLayout? layout = null, PostProcessingOptions? postProcessing = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        Guard.NotEmpty(scoreColumnName, nameof(scoreColumnName));
        Guard.NotEmpty(outputColumnName, nameof(outputColumnName));
        var chain = postProcessing?.Clone();
        chain?.Validate();
        return new DetectorAdapterEstimator(estimator, scoreColumnName, outputColumnName, (layout ?? new ScoreColumnLayout()).Clone(), chain);
    }
}
