using Microsoft.ML;

namespace MLNetAnomaly;

// The deep detectors. Each kind has a short overload and an options overload; both build a DeepDetectorEstimator,
// whose options' type says which network (see ML/Detectors/DetectorKinds.cs).
public static partial class MLNetAnomalyCatalog
{
    /// <summary>Detects anomalies with a stacked LSTM next-step forecaster (<see cref="LstmDetectorOptions"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add: a vector of three doubles [Alert, Score, P-Value].</param>
    /// <param name="inputColumnName">The column to watch, in time order.</param>
    /// <param name="windowSize">Rows used to judge each row, at least 2. Default null: chosen from the training series (its period, else 32).</param>
    /// <param name="hiddenSize">Units per layer. Default 64.</param>
    /// <param name="layers">Stacked recurrent layers. Default 2.</param>
    /// <param name="epochs">Training passes. Default 10.</param>
    /// <param name="scoreThreshold">Score at or above which a row is an alert (Score 0.5 is a p-value of 1e-5). Default 0.5.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByLstm(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int? windowSize = null, int hiddenSize = DeepDetectorOptions.Defaults.HiddenSize, int layers = DeepDetectorOptions.Defaults.Layers,
        int epochs = DeepDetectorOptions.Defaults.Epochs, double scoreThreshold = PostProcessingOptions.Defaults.ScoreThreshold)
        => catalog.DetectAnomalyByNetwork(Fill(new LstmDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, layers, epochs, scoreThreshold));

    /// <summary>Detects anomalies with a stacked LSTM next-step forecaster, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Every setting; see <see cref="DeepDetectorOptions"/>.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByLstm(this TransformsCatalog catalog, LstmDetectorOptions options) => catalog.DetectAnomalyByNetwork(options);

    /// <summary>Detects anomalies with a stacked GRU next-step forecaster (<see cref="GruDetectorOptions"/>).</summary>
    /// <inheritdoc cref="DetectAnomalyByLstm(TransformsCatalog, string, string, int?, int, int, int, double)" path="/param"/>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByGru(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int? windowSize = null, int hiddenSize = DeepDetectorOptions.Defaults.HiddenSize, int layers = DeepDetectorOptions.Defaults.Layers,
        int epochs = DeepDetectorOptions.Defaults.Epochs, double scoreThreshold = PostProcessingOptions.Defaults.ScoreThreshold)
        => catalog.DetectAnomalyByNetwork(Fill(new GruDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, layers, epochs, scoreThreshold));

    /// <summary>Detects anomalies with a stacked GRU next-step forecaster, configured by <paramref name="options"/>.</summary>
    /// <inheritdoc cref="DetectAnomalyByLstm(TransformsCatalog, LstmDetectorOptions)" path="/param"/>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByGru(this TransformsCatalog catalog, GruDetectorOptions options) => catalog.DetectAnomalyByNetwork(options);

    /// <summary>Detects anomalies with a stacked Elman RNN next-step forecaster (<see cref="RnnDetectorOptions"/>).</summary>
    /// <inheritdoc cref="DetectAnomalyByLstm(TransformsCatalog, string, string, int?, int, int, int, double)" path="/param"/>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByRnn(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int? windowSize = null, int hiddenSize = DeepDetectorOptions.Defaults.HiddenSize, int layers = DeepDetectorOptions.Defaults.Layers,
        int epochs = DeepDetectorOptions.Defaults.Epochs, double scoreThreshold = PostProcessingOptions.Defaults.ScoreThreshold)
        => catalog.DetectAnomalyByNetwork(Fill(new RnnDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, layers, epochs, scoreThreshold));

    /// <summary>Detects anomalies with a stacked Elman RNN next-step forecaster, configured by <paramref name="options"/>.</summary>
    /// <inheritdoc cref="DetectAnomalyByLstm(TransformsCatalog, LstmDetectorOptions)" path="/param"/>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByRnn(this TransformsCatalog catalog, RnnDetectorOptions options) => catalog.DetectAnomalyByNetwork(options);

    /// <summary>Detects anomalies with a temporal convolutional forecaster (<see cref="CnnDetectorOptions"/>); <paramref name="hiddenSize"/> is its number of channels.</summary>
    /// <inheritdoc cref="DetectAnomalyByLstm(TransformsCatalog, string, string, int?, int, int, int, double)" path="/param"/>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByCnn(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int? windowSize = null, int hiddenSize = DeepDetectorOptions.Defaults.HiddenSize,
        int epochs = DeepDetectorOptions.Defaults.Epochs, double scoreThreshold = PostProcessingOptions.Defaults.ScoreThreshold)
        => catalog.DetectAnomalyByNetwork(Fill(new CnnDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, DeepDetectorOptions.Defaults.Layers, epochs, scoreThreshold));

    /// <summary>Detects anomalies with a temporal convolutional forecaster, configured by <paramref name="options"/>.</summary>
    /// <inheritdoc cref="DetectAnomalyByLstm(TransformsCatalog, LstmDetectorOptions)" path="/param"/>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByCnn(this TransformsCatalog catalog, CnnDetectorOptions options) => catalog.DetectAnomalyByNetwork(options);

    /// <summary>Detects anomalies with a dense autoencoder over each window (<see cref="AutoencoderDetectorOptions"/>).</summary>
    /// <inheritdoc cref="DetectAnomalyByLstm(TransformsCatalog, string, string, int?, int, int, int, double)" path="/param"/>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByAutoencoder(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int? windowSize = null, int hiddenSize = DeepDetectorOptions.Defaults.HiddenSize,
        int epochs = DeepDetectorOptions.Defaults.Epochs, double scoreThreshold = PostProcessingOptions.Defaults.ScoreThreshold)
        => catalog.DetectAnomalyByNetwork(Fill(new AutoencoderDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, DeepDetectorOptions.Defaults.Layers, epochs, scoreThreshold));

    /// <summary>Detects anomalies with a dense autoencoder over each window, configured by <paramref name="options"/>.</summary>
    /// <inheritdoc cref="DetectAnomalyByLstm(TransformsCatalog, LstmDetectorOptions)" path="/param"/>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByAutoencoder(this TransformsCatalog catalog, AutoencoderDetectorOptions options) => catalog.DetectAnomalyByNetwork(options);

    /// <summary>Detects anomalies with an LSTM encoder-decoder over each window (<see cref="LstmAutoencoderDetectorOptions"/>).</summary>
    /// <inheritdoc cref="DetectAnomalyByLstm(TransformsCatalog, string, string, int?, int, int, int, double)" path="/param"/>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByLstmAutoencoder(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int? windowSize = null, int hiddenSize = DeepDetectorOptions.Defaults.HiddenSize, int layers = DeepDetectorOptions.Defaults.Layers,
        int epochs = DeepDetectorOptions.Defaults.Epochs, double scoreThreshold = PostProcessingOptions.Defaults.ScoreThreshold)
        => catalog.DetectAnomalyByNetwork(Fill(new LstmAutoencoderDetectorOptions(), outputColumnName, inputColumnName, windowSize, hiddenSize, layers, epochs, scoreThreshold));

    /// <summary>Detects anomalies with an LSTM encoder-decoder over each window, configured by <paramref name="options"/>.</summary>
    /// <inheritdoc cref="DetectAnomalyByLstm(TransformsCatalog, LstmDetectorOptions)" path="/param"/>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static DeepDetectorEstimator DetectAnomalyByLstmAutoencoder(this TransformsCatalog catalog, LstmAutoencoderDetectorOptions options) => catalog.DetectAnomalyByNetwork(options);

    /// <summary>The estimator of any deep detector kind, found from the type of <paramref name="options"/>.</summary>
    internal static DeepDetectorEstimator DetectAnomalyByNetwork(this TransformsCatalog catalog, DeepDetectorOptions options)
        => new(Environment(catalog, options), options);

    private static DeepDetectorOptions Fill(DeepDetectorOptions options, string output, string input, int? windowSize, int hiddenSize, int layers, int epochs, double scoreThreshold)
    {
        options.OutputColumnName = output;
        options.InputColumnName = input;
        options.WindowSize = windowSize;
        options.HiddenSize = hiddenSize;
        options.Layers = layers;
        options.Epochs = epochs;
        options.PostProcessing.ScoreThreshold = scoreThreshold;
        return options;
    }
}
