using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly;

/// <summary>
/// Catalog methods that add MLNetAnomaly's detectors to <c>mlContext.Transforms</c>. Each has a short overload with
/// defaults and one that takes an options object. Every detector reads a <see cref="float"/> column (or a known-size
/// vector of float) in time order and adds a vector of three doubles [Alert, Score, P-Value].
/// </summary>
public static class AnomalyDetectionCatalogExtensions
{
    /// <summary>Detects anomalies with an LSTM next-step forecaster (<see cref="LstmDetectorEstimator"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Score, P-Value].</param>
    /// <param name="inputColumnName">The column to watch, in time order.</param>
    /// <param name="windowSize">Rows used to judge each row. At least 2. Default 32.</param>
    /// <param name="hiddenSize">Units per LSTM layer. Default 64.</param>
    /// <param name="layers">Stacked LSTM layers. Default 2.</param>
    /// <param name="epochs">Training passes. Default 10.</param>
    /// <param name="confidence">Confidence in percent, used when alerts follow the p-value (PostProcessing.Threshold = PValue); the default alert rule is the score rule. Default 99.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static LstmDetectorEstimator DetectAnomalyByLstm(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int windowSize = DeepDetectorDefaults.WindowSize, int hiddenSize = DeepDetectorDefaults.HiddenSize, int layers = DeepDetectorDefaults.Layers,
        int epochs = DeepDetectorDefaults.Epochs, double confidence = PostProcessingDefaults.Confidence)
        => catalog.DetectAnomalyByLstm(Fill(new LstmDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, layers, epochs, confidence));

    /// <summary>Detects anomalies with an LSTM next-step forecaster configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static LstmDetectorEstimator DetectAnomalyByLstm(this TransformsCatalog catalog, LstmDetectorOptions options)
        => new(Environment(catalog, options), options);

    /// <summary>Detects anomalies with a GRU next-step forecaster (<see cref="GruDetectorEstimator"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Score, P-Value].</param>
    /// <param name="inputColumnName">The column to watch, in time order.</param>
    /// <param name="windowSize">Rows used to judge each row. At least 2. Default 32.</param>
    /// <param name="hiddenSize">Units per GRU layer. Default 64.</param>
    /// <param name="layers">Stacked GRU layers. Default 2.</param>
    /// <param name="epochs">Training passes. Default 10.</param>
    /// <param name="confidence">Confidence in percent, used when alerts follow the p-value (PostProcessing.Threshold = PValue); the default alert rule is the score rule. Default 99.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static GruDetectorEstimator DetectAnomalyByGru(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int windowSize = DeepDetectorDefaults.WindowSize, int hiddenSize = DeepDetectorDefaults.HiddenSize, int layers = DeepDetectorDefaults.Layers,
        int epochs = DeepDetectorDefaults.Epochs, double confidence = PostProcessingDefaults.Confidence)
        => catalog.DetectAnomalyByGru(Fill(new GruDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, layers, epochs, confidence));

    /// <summary>Detects anomalies with a GRU next-step forecaster configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static GruDetectorEstimator DetectAnomalyByGru(this TransformsCatalog catalog, GruDetectorOptions options)
        => new(Environment(catalog, options), options);

    /// <summary>Detects anomalies with an Elman RNN next-step forecaster (<see cref="RnnDetectorEstimator"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Score, P-Value].</param>
    /// <param name="inputColumnName">The column to watch, in time order.</param>
    /// <param name="windowSize">Rows used to judge each row. At least 2. Default 32.</param>
    /// <param name="hiddenSize">Units per RNN layer. Default 64.</param>
    /// <param name="layers">Stacked RNN layers. Default 2.</param>
    /// <param name="epochs">Training passes. Default 10.</param>
    /// <param name="confidence">Confidence in percent, used when alerts follow the p-value (PostProcessing.Threshold = PValue); the default alert rule is the score rule. Default 99.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static RnnDetectorEstimator DetectAnomalyByRnn(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int windowSize = DeepDetectorDefaults.WindowSize, int hiddenSize = DeepDetectorDefaults.HiddenSize, int layers = DeepDetectorDefaults.Layers,
        int epochs = DeepDetectorDefaults.Epochs, double confidence = PostProcessingDefaults.Confidence)
        => catalog.DetectAnomalyByRnn(Fill(new RnnDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, layers, epochs, confidence));

    /// <summary>Detects anomalies with an Elman RNN next-step forecaster configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static RnnDetectorEstimator DetectAnomalyByRnn(this TransformsCatalog catalog, RnnDetectorOptions options)
        => new(Environment(catalog, options), options);

    /// <summary>Detects anomalies with a temporal convolutional forecaster (<see cref="CnnDetectorEstimator"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Score, P-Value].</param>
    /// <param name="inputColumnName">The column to watch, in time order.</param>
    /// <param name="windowSize">Rows used to judge each row. At least 2. Default 32.</param>
    /// <param name="channels">Convolution channels (the hidden size). Default 64.</param>
    /// <param name="epochs">Training passes. Default 10.</param>
    /// <param name="confidence">Confidence in percent, used when alerts follow the p-value (PostProcessing.Threshold = PValue); the default alert rule is the score rule. Default 99.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static CnnDetectorEstimator DetectAnomalyByCnn(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int windowSize = DeepDetectorDefaults.WindowSize, int channels = DeepDetectorDefaults.HiddenSize,
        int epochs = DeepDetectorDefaults.Epochs, double confidence = PostProcessingDefaults.Confidence)
        => catalog.DetectAnomalyByCnn(Fill(new CnnDetectorOptions(), outputColumnName, inputColumnName, windowSize, channels, DeepDetectorDefaults.Layers, epochs, confidence));

    /// <summary>Detects anomalies with a temporal convolutional forecaster configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static CnnDetectorEstimator DetectAnomalyByCnn(this TransformsCatalog catalog, CnnDetectorOptions options)
        => new(Environment(catalog, options), options);

    /// <summary>Detects anomalies with a dense autoencoder over each window (<see cref="AutoencoderDetectorEstimator"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Score, P-Value].</param>
    /// <param name="inputColumnName">The column to watch, in time order.</param>
    /// <param name="windowSize">Rows per reconstructed window. At least 2. Default 32.</param>
    /// <param name="hiddenSize">Units of the outer layers (the bottleneck is a quarter). Default 64.</param>
    /// <param name="epochs">Training passes. Default 10.</param>
    /// <param name="confidence">Confidence in percent, used when alerts follow the p-value (PostProcessing.Threshold = PValue); the default alert rule is the score rule. Default 99.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static AutoencoderDetectorEstimator DetectAnomalyByAutoencoder(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int windowSize = DeepDetectorDefaults.WindowSize, int hiddenSize = DeepDetectorDefaults.HiddenSize,
        int epochs = DeepDetectorDefaults.Epochs, double confidence = PostProcessingDefaults.Confidence)
        => catalog.DetectAnomalyByAutoencoder(Fill(new AutoencoderDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, DeepDetectorDefaults.Layers, epochs, confidence));

    /// <summary>Detects anomalies with a dense autoencoder configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static AutoencoderDetectorEstimator DetectAnomalyByAutoencoder(this TransformsCatalog catalog, AutoencoderDetectorOptions options)
        => new(Environment(catalog, options), options);

    /// <summary>Detects anomalies with an LSTM encoder-decoder (<see cref="LstmAutoencoderDetectorEstimator"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Score, P-Value].</param>
    /// <param name="inputColumnName">The column to watch, in time order.</param>
    /// <param name="windowSize">Rows per reconstructed window. At least 2. Default 32.</param>
    /// <param name="hiddenSize">Units per LSTM layer. Default 64.</param>
    /// <param name="layers">Stacked LSTM layers in the encoder and the decoder. Default 2.</param>
    /// <param name="epochs">Training passes. Default 10.</param>
    /// <param name="confidence">Confidence in percent, used when alerts follow the p-value (PostProcessing.Threshold = PValue); the default alert rule is the score rule. Default 99.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static LstmAutoencoderDetectorEstimator DetectAnomalyByLstmAutoencoder(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int windowSize = DeepDetectorDefaults.WindowSize, int hiddenSize = DeepDetectorDefaults.HiddenSize, int layers = DeepDetectorDefaults.Layers,
        int epochs = DeepDetectorDefaults.Epochs, double confidence = PostProcessingDefaults.Confidence)
        => catalog.DetectAnomalyByLstmAutoencoder(Fill(new LstmAutoencoderDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, layers, epochs, confidence));

    /// <summary>Detects anomalies with an LSTM encoder-decoder configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">The detector's options; column names are required.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static LstmAutoencoderDetectorEstimator DetectAnomalyByLstmAutoencoder(this TransformsCatalog catalog, LstmAutoencoderDetectorOptions options)
        => new(Environment(catalog, options), options);

    private static Microsoft.ML.Runtime.IHostEnvironment Environment(TransformsCatalog catalog, DeepDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return catalog.GetEnvironment();
    }

    private static TOptions Fill<TOptions>(TOptions options, string output, string input, int windowSize, int hiddenSize, int layers, int epochs, double confidence)
        where TOptions : DeepDetectorOptions
    {
        options.OutputColumnName = output;
        options.InputColumnName = input;
        options.WindowSize = windowSize;
        options.HiddenSize = hiddenSize;
        options.Layers = layers;
        options.Epochs = epochs;
        options.PostProcessing.Confidence = confidence;
        return options;
    }
}
