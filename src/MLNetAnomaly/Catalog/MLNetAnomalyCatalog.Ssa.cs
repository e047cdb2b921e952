using Microsoft.ML;

namespace MLNetAnomaly;

// <summary>
// Catalog methods for the managed versions of ML.NET's SSA detectors (DetectSpikeBySsa, DetectChangePointBySsa),
// named apart from them so a project can reference both; the parameters keep ML.NET's names and order, and the
// defaults are those of ML.NET's options classes. See docs/detectors.md for the mapping.
// </summary>
public static partial class MLNetAnomalyCatalog
{
    /// <summary>
    /// Flags values far from a singular spectrum analysis forecast, like ML.NET's <c>DetectSpikeBySsa</c>
    /// (<see cref="SsaSpikeDetectorEstimator"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Raw Score (the error function of the value and its forecast: value − forecast by default), P-Value], ML.NET's output (set <see cref="ClassicalDetectorOptions.PostProcessing"/> through the options overload for the common post-processing chain).</param>
    /// <param name="inputColumnName">The <see cref="float"/> column to watch, in time order.</param>
    /// <param name="confidence">Confidence in percent; alerts where the p-value is at most 1 − confidence / 100, once the history is full. Default 99.</param>
    /// <param name="pvalueHistoryLength">Earlier raw scores each p-value is computed against. Default 100.</param>
    /// <param name="trainingWindowSize">Values from the start the forecaster is trained on; more than twice <paramref name="seasonalityWindowSize"/>. Default 100.</param>
    /// <param name="seasonalityWindowSize">The SSA window: an upper bound on the longest season to follow. Default 10.</param>
    /// <param name="side">Which deviations alert. Default <see cref="SpikeSide.TwoSided"/>.</param>
    /// <param name="errorFunction">How a value and its forecast make the raw score. Default <see cref="SsaErrorFunction.SignedDifference"/>.</param>
    /// <returns>An estimator; its <c>Fit</c> trains the forecaster on the first <paramref name="trainingWindowSize"/> values.</returns>
    public static SsaSpikeDetectorEstimator DetectAnomalyBySsaSpike(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        double confidence = SsaSpikeDetectorOptions.Defaults.Confidence, int pvalueHistoryLength = SsaSpikeDetectorOptions.Defaults.PValueHistoryLength,
        int trainingWindowSize = SsaDetectorOptions.SsaDefaults.TrainingWindowSize, int seasonalityWindowSize = SsaDetectorOptions.SsaDefaults.SeasonalityWindowSize,
        SpikeSide side = SsaSpikeDetectorOptions.Defaults.Side, SsaErrorFunction errorFunction = SsaDetectorOptions.SsaDefaults.ErrorFunction)
        => catalog.DetectAnomalyBySsaSpike(new SsaSpikeDetectorOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Confidence = confidence,
            PValueHistoryLength = pvalueHistoryLength,
            TrainingWindowSize = trainingWindowSize,
            SeasonalityWindowSize = seasonalityWindowSize,
            Side = side,
            ErrorFunction = errorFunction,
        });

    /// <summary>Flags values far from a singular spectrum analysis forecast, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator; its <c>Fit</c> trains the forecaster.</returns>
    public static SsaSpikeDetectorEstimator DetectAnomalyBySsaSpike(this TransformsCatalog catalog, SsaSpikeDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SsaSpikeDetectorEstimator(options);
    }

    /// <summary>
    /// Flags changes in how a series departs from a singular spectrum analysis forecast, like ML.NET's
    /// <c>DetectChangePointBySsa</c> (<see cref="SsaChangePointDetectorEstimator"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of four doubles [Alert, Raw Score (the error function of the value and its forecast: value − forecast by default), P-Value, Martingale Score], ML.NET's output (set <see cref="ClassicalDetectorOptions.PostProcessing"/> through the options overload for the common post-processing chain, which gives three).</param>
    /// <param name="inputColumnName">The <see cref="float"/> column to watch, in time order.</param>
    /// <param name="confidence">Confidence in percent; sets the martingale's alert threshold. Default 95.</param>
    /// <param name="changeHistoryLength">Earlier raw scores each p-value is computed against, and p-values the martingale bets on. Default 20.</param>
    /// <param name="trainingWindowSize">Values from the start the forecaster is trained on; more than twice <paramref name="seasonalityWindowSize"/>. Default 100.</param>
    /// <param name="seasonalityWindowSize">The SSA window: an upper bound on the longest season to follow. Default 10.</param>
    /// <param name="errorFunction">How a value and its forecast make the raw score. Default <see cref="SsaErrorFunction.SignedDifference"/>.</param>
    /// <param name="martingale">The martingale's betting function. Default <see cref="ChangePointMartingale.Power"/>.</param>
    /// <param name="eps">ε of the power martingale. Default 0.1.</param>
    /// <returns>An estimator; its <c>Fit</c> trains the forecaster on the first <paramref name="trainingWindowSize"/> values.</returns>
    public static SsaChangePointDetectorEstimator DetectAnomalyBySsaChangePoint(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        double confidence = SsaChangePointDetectorOptions.Defaults.Confidence, int changeHistoryLength = SsaChangePointDetectorOptions.Defaults.ChangeHistoryLength,
        int trainingWindowSize = SsaDetectorOptions.SsaDefaults.TrainingWindowSize, int seasonalityWindowSize = SsaDetectorOptions.SsaDefaults.SeasonalityWindowSize,
        SsaErrorFunction errorFunction = SsaDetectorOptions.SsaDefaults.ErrorFunction, ChangePointMartingale martingale = SsaChangePointDetectorOptions.Defaults.Martingale,
        double eps = SsaChangePointDetectorOptions.Defaults.PowerMartingaleEpsilon)
        => catalog.DetectAnomalyBySsaChangePoint(new SsaChangePointDetectorOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Confidence = confidence,
            ChangeHistoryLength = changeHistoryLength,
            TrainingWindowSize = trainingWindowSize,
            SeasonalityWindowSize = seasonalityWindowSize,
            ErrorFunction = errorFunction,
            Martingale = martingale,
            PowerMartingaleEpsilon = eps,
        });

    /// <summary>Flags changes in how a series departs from a singular spectrum analysis forecast, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator; its <c>Fit</c> trains the forecaster.</returns>
    public static SsaChangePointDetectorEstimator DetectAnomalyBySsaChangePoint(this TransformsCatalog catalog, SsaChangePointDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SsaChangePointDetectorEstimator(options);
    }
}
