using Microsoft.ML;

namespace MLNetAnomaly;

// <summary>
// Catalog methods for the managed versions of ML.NET's classical time-series detectors. The names differ from
// Microsoft.ML.TimeSeries's (<c>DetectIidSpike</c>, <c>DetectAnomalyBySrCnn</c>) so that a project can reference
// both; the parameters keep ML.NET's names, order and defaults. See docs/detectors.md for the mapping.
// </summary>
public static partial class MLNetAnomalyCatalog
{
    /// <summary>Flags spikes among independent values, like ML.NET's <c>DetectIidSpike</c> (<see cref="IidSpikeDetectorEstimator"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Raw Score, P-Value], ML.NET's output (set <see cref="ClassicalDetectorOptions.PostProcessing"/> through the options overload for the common post-processing chain).</param>
    /// <param name="inputColumnName">The <see cref="float"/> column to watch, in time order.</param>
    /// <param name="confidence">Confidence in percent; alerts where the p-value is at most 1 − confidence / 100, once the history is full. Default 99.</param>
    /// <param name="pvalueHistoryLength">Earlier values each p-value is computed against. Default 100.</param>
    /// <param name="side">Which deviations alert. Default <see cref="SpikeSide.TwoSided"/>.</param>
    /// <returns>An estimator; its <c>Fit</c> only checks the column.</returns>
    public static IidSpikeDetectorEstimator DetectAnomalyByIidSpike(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        double confidence = IidSpikeDetectorOptions.Defaults.Confidence, int pvalueHistoryLength = IidSpikeDetectorOptions.Defaults.PValueHistoryLength, SpikeSide side = IidSpikeDetectorOptions.Defaults.Side)
        => catalog.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Confidence = confidence,
            PValueHistoryLength = pvalueHistoryLength,
            Side = side,
        });

    /// <summary>Flags spikes among independent values, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator; its <c>Fit</c> only checks the column.</returns>
    public static IidSpikeDetectorEstimator DetectAnomalyByIidSpike(this TransformsCatalog catalog, IidSpikeDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new IidSpikeDetectorEstimator(options);
    }

    /// <summary>
    /// Flags changes in the distribution of independent values, like ML.NET's <c>DetectIidChangePoint</c>
    /// (<see cref="IidChangePointDetectorEstimator"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of four doubles [Alert, Raw Score, P-Value, Martingale Score], ML.NET's output (set <see cref="ClassicalDetectorOptions.PostProcessing"/> through the options overload for the common post-processing chain, which gives three).</param>
    /// <param name="inputColumnName">The <see cref="float"/> column to watch, in time order.</param>
    /// <param name="confidence">Confidence in percent; sets the martingale's alert threshold. Default 95.</param>
    /// <param name="changeHistoryLength">Earlier values each p-value is computed against, and p-values the martingale bets on. Default 20.</param>
    /// <param name="martingale">The martingale's betting function. Default <see cref="ChangePointMartingale.Power"/>.</param>
    /// <param name="eps">ε of the power martingale. Default 0.1.</param>
    /// <returns>An estimator; its <c>Fit</c> only checks the column.</returns>
    public static IidChangePointDetectorEstimator DetectChangePointByIid(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        double confidence = IidChangePointDetectorOptions.Defaults.Confidence, int changeHistoryLength = IidChangePointDetectorOptions.Defaults.ChangeHistoryLength,
        ChangePointMartingale martingale = IidChangePointDetectorOptions.Defaults.Martingale, double eps = IidChangePointDetectorOptions.Defaults.PowerMartingaleEpsilon)
        => catalog.DetectChangePointByIid(new IidChangePointDetectorOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Confidence = confidence,
            ChangeHistoryLength = changeHistoryLength,
            Martingale = martingale,
            PowerMartingaleEpsilon = eps,
        });

    /// <summary>Flags changes in the distribution of independent values, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator; its <c>Fit</c> only checks the column.</returns>
    public static IidChangePointDetectorEstimator DetectChangePointByIid(this TransformsCatalog catalog, IidChangePointDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new IidChangePointDetectorEstimator(options);
    }

    /// <summary>
    /// Flags anomalies by the spectral residual of a sliding window, like ML.NET's <c>DetectAnomalyBySrCnn</c>
    /// (<see cref="SpectralResidualDetectorEstimator"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Raw Score, Mag], ML.NET's output (set <see cref="ClassicalDetectorOptions.PostProcessing"/> through the options overload for the common post-processing chain).</param>
    /// <param name="inputColumnName">The <see cref="float"/> column to watch, in time order.</param>
    /// <param name="windowSize">Points transformed for each new point. Default 64.</param>
    /// <param name="backAddWindowSize">Estimated points appended after the window. Default 5.</param>
    /// <param name="lookaheadWindowSize">Points the estimates' slope is taken over. Default 5.</param>
    /// <param name="averagingWindowSize">Frequencies averaged to smooth the log amplitude. Default 3.</param>
    /// <param name="judgementWindowSize">Saliency values averaged to judge the newest one. Default 21.</param>
    /// <param name="threshold">Alerts where the raw score (|S − S̄| / S̄ / 10), clamped to [0, 1], exceeds it; from 0 to 1. Default 0.3.</param>
    /// <returns>An estimator; its <c>Fit</c> only checks the column.</returns>
    public static SpectralResidualDetectorEstimator DetectAnomalyBySpectralResidual(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int windowSize = SpectralResidualDetectorOptions.Defaults.WindowSize, int backAddWindowSize = SpectralResidualDetectorOptions.Defaults.BackAddWindowSize,
        int lookaheadWindowSize = SpectralResidualDetectorOptions.Defaults.LookaheadWindowSize, int averagingWindowSize = SpectralResidualDetectorOptions.Defaults.AveragingWindowSize,
        int judgementWindowSize = SpectralResidualDetectorOptions.Defaults.JudgementWindowSize, double threshold = SpectralResidualDetectorOptions.Defaults.Threshold)
        => catalog.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            WindowSize = windowSize,
            BackAddWindowSize = backAddWindowSize,
            LookaheadWindowSize = lookaheadWindowSize,
            AveragingWindowSize = averagingWindowSize,
            JudgementWindowSize = judgementWindowSize,
            Threshold = threshold,
        });

    /// <summary>Flags anomalies by the spectral residual of a sliding window, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator; its <c>Fit</c> only checks the column.</returns>
    public static SpectralResidualDetectorEstimator DetectAnomalyBySpectralResidual(this TransformsCatalog catalog, SpectralResidualDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SpectralResidualDetectorEstimator(options);
    }

    /// <summary>
    /// SR-CNN (Ren et al., KDD 2019): spectral residual saliency maps classified by a trained 1-D CNN
    /// (<see cref="SpectralResidualCnnDetectorEstimator"/>); uses the network shipped in the package, and sends its
    /// probabilities through the default post-processing chain.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Score, P-Value].</param>
    /// <param name="inputColumnName">The <see cref="float"/> column to watch, in time order.</param>
    /// <returns>An estimator; its <c>Fit</c> fits the post-processing chain on the training data.</returns>
    public static SpectralResidualCnnDetectorEstimator DetectAnomalyBySpectralResidualCnn(this TransformsCatalog catalog, string outputColumnName, string inputColumnName)
        => catalog.DetectAnomalyBySpectralResidualCnn(new SpectralResidualCnnDetectorOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName });

    /// <summary>SR-CNN configured by <paramref name="options"/> (set Epochs above 0 to train on your own series).</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator.</returns>
    public static SpectralResidualCnnDetectorEstimator DetectAnomalyBySpectralResidualCnn(this TransformsCatalog catalog, SpectralResidualCnnDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SpectralResidualCnnDetectorEstimator(options);
    }
}
