using Microsoft.ML;

namespace MLNetAnomaly;

/// <summary>
/// Builds any detector from its name (and, for the deep ones, options), so the CLI, benchmarks and selection run
/// detectors from data rather than from code branches. Deep: lstm, gru, rnn, cnn, autoencoder, lstm-autoencoder;
/// classical: iid-spike, sr, srcnn.
/// </summary>
public static class DetectorRegistry
{
    /// <summary>The names of the deep detectors, in the order the docs list them.</summary>
    public static IReadOnlyList<string> DeepDetectorNames { get; } = new[] { "lstm", "gru", "rnn", "cnn", "autoencoder", "lstm-autoencoder" };

    /// <summary>The names of the classical (untrained) detectors.</summary>
    public static IReadOnlyList<string> ClassicalDetectorNames { get; } = new[] { "iid-spike", "sr", "srcnn" };

    /// <summary>Every detector name: the deep ones, then the classical ones.</summary>
    public static IReadOnlyList<string> AllDetectorNames { get; } = DeepDetectorNames.Concat(ClassicalDetectorNames).ToArray();

    /// <summary>The named classical detector with its default settings.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="name">A name from <see cref="ClassicalDetectorNames"/> (case-insensitive).</param>
    /// <param name="outputColumnName">The column to add.</param>
    /// <param name="inputColumnName">The <see cref="float"/> column to watch.</param>
    /// <returns>The detector's estimator.</returns>
    public static IEstimator<ITransformer> CreateClassicalEstimator(TransformsCatalog catalog, string name, string outputColumnName, string inputColumnName) => name?.ToLowerInvariant() switch
    {
        "iid-spike" => catalog.DetectAnomalyByIidSpike(outputColumnName, inputColumnName),
        "sr" => catalog.DetectAnomalyBySpectralResidual(outputColumnName, inputColumnName),
        "srcnn" => catalog.DetectAnomalyBySpectralResidualCnn(outputColumnName, inputColumnName),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"Unknown classical detector '{name}'. Available: {string.Join(", ", ClassicalDetectorNames)}."),
    };

    /// <summary>Fresh options (all defaults) of the named deep detector.</summary>
    /// <param name="name">A name from <see cref="DeepDetectorNames"/> (case-insensitive).</param>
    /// <returns>The detector's options object.</returns>
    public static DeepDetectorOptions CreateOptions(string name) => name?.ToLowerInvariant() switch
    {
        "lstm" => new LstmDetectorOptions(),
        "gru" => new GruDetectorOptions(),
        "rnn" => new RnnDetectorOptions(),
        "cnn" => new CnnDetectorOptions(),
        "autoencoder" => new AutoencoderDetectorOptions(),
        "lstm-autoencoder" => new LstmAutoencoderDetectorOptions(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"Unknown detector '{name}'. Available: {string.Join(", ", DeepDetectorNames)}."),
    };

    /// <summary>The estimator for <paramref name="options"/>, whichever deep detector they belong to.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Options from <see cref="CreateOptions"/> (or any deep detector's options).</param>
    /// <returns>The detector's estimator.</returns>
    public static IEstimator<ITransformer> CreateEstimator(TransformsCatalog catalog, DeepDetectorOptions options) => options switch
    {
        LstmDetectorOptions o => catalog.DetectAnomalyByLstm(o),
        GruDetectorOptions o => catalog.DetectAnomalyByGru(o),
        RnnDetectorOptions o => catalog.DetectAnomalyByRnn(o),
        CnnDetectorOptions o => catalog.DetectAnomalyByCnn(o),
        AutoencoderDetectorOptions o => catalog.DetectAnomalyByAutoencoder(o),
        LstmAutoencoderDetectorOptions o => catalog.DetectAnomalyByLstmAutoencoder(o),
        null => throw new ArgumentNullException(nameof(options)),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.GetType().Name, "Not a deep detector's options."),
    };

    /// <summary>
    /// Options of the named deep detector at a small, fixed setting (one layer, batch 64, CPU), as the benchmark and
    /// selection use them.
    /// </summary>
    internal static DeepDetectorOptions SmallOptions(string name, string input, string output, int window, int hidden, int epochs, double learningRate, int seed)
    {
        var options = CreateOptions(name);
        options.InputColumnName = input;
        options.OutputColumnName = output;
        options.WindowSize = window;
        options.HiddenSize = hidden;
        options.Layers = 1;
        options.Epochs = epochs;
        options.LearningRate = learningRate;
        options.BatchSize = 64;
        options.Seed = seed;
        options.Device = ComputeDevice.Cpu;
        return options;
    }
}
