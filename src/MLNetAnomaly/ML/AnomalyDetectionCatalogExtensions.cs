using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly;

/// <summary>
/// Catalog methods that add MLNetAnomaly's detectors to <c>mlContext.Transforms</c>. Each has a short overload
/// with defaults and one that takes an options object.
/// </summary>
public static class AnomalyDetectionCatalogExtensions
{
    /// <summary>
    /// Detects anomalies with an LSTM next-step forecaster (<see cref="LstmDetectorEstimator"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Score, P-Value].</param>
    /// <param name="inputColumnName">The <see cref="float"/> column to watch, in time order.</param>
    /// <param name="windowSize">Past values used to judge each value. At least 2. Default 32.</param>
    /// <param name="hiddenSize">Units per LSTM layer. Default 64.</param>
    /// <param name="layers">Stacked LSTM layers. Default 2.</param>
    /// <param name="epochs">Training passes. Default 10.</param>
    /// <param name="confidence">Confidence in percent; alerts where the p-value is below 1 - confidence / 100. Default 99.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static LstmDetectorEstimator DetectAnomalyByLstm(
        this TransformsCatalog catalog,
        string outputColumnName,
        string inputColumnName,
        int windowSize = DeepDetectorDefaults.WindowSize,
        int hiddenSize = DeepDetectorDefaults.HiddenSize,
        int layers = DeepDetectorDefaults.Layers,
        int epochs = DeepDetectorDefaults.Epochs,
        double confidence = DeepDetectorDefaults.Confidence)
        => catalog.DetectAnomalyByLstm(new LstmDetectorOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            WindowSize = windowSize,
            HiddenSize = hiddenSize,
            Layers = layers,
            Epochs = epochs,
            Confidence = confidence,
        });

    /// <summary>Detects anomalies with an LSTM next-step forecaster configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static LstmDetectorEstimator DetectAnomalyByLstm(this TransformsCatalog catalog, LstmDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new LstmDetectorEstimator(catalog.GetEnvironment(), options);
    }
}
