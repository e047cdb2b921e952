using Microsoft.ML;
using MLNetAnomaly.ML.Detectors;

namespace MLNetAnomaly;

/// <summary>
/// Builds any detector from its name (and, for the deep ones, options), so applications run detectors from data
/// rather than from code branches. Deep: lstm, gru, rnn, cnn, autoencoder, lstm-autoencoder; classical: iid-spike,
/// sr, srcnn. It reads the library's one table of detector kinds.
/// </summary>
public static class DetectorRegistry
{
    /// <summary>The names of the deep detectors, in the order the docs list them.</summary>
    public static IReadOnlyList<string> DeepDetectorNames { get; } = DetectorKinds.All.Where(k => k.Deep is not null).Select(k => k.Name).ToArray();

    /// <summary>The names of the classical (untrained) detectors.</summary>
    public static IReadOnlyList<string> ClassicalDetectorNames { get; } = DetectorKinds.All.Where(k => k.Deep is null).Select(k => k.Name).ToArray();

    /// <summary>Every detector name: the deep ones, then the classical ones.</summary>
    public static IReadOnlyList<string> AllDetectorNames { get; } = DetectorKinds.All.Select(k => k.Name).ToArray();

    /// <summary>The named detector (deep or classical) at its default settings.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="name">A name from <see cref="AllDetectorNames"/> (case-insensitive).</param>
    /// <param name="outputColumnName">The column to add.</param>
    /// <param name="inputColumnName">The <see cref="float"/> column to watch.</param>
    /// <param name="postProcessing">The post-processing chain; null keeps the detector's default.</param>
    /// <returns>The detector's estimator.</returns>
    public static IEstimator<ITransformer> CreateEstimator(TransformsCatalog catalog, string name, string outputColumnName, string inputColumnName, PostProcessingOptions? postProcessing = null)
        => DetectorKinds.Find(name).Create(catalog, outputColumnName, inputColumnName, postProcessing);

    /// <summary>Fresh options (all defaults) of the named deep detector.</summary>
    /// <param name="name">A name from <see cref="DeepDetectorNames"/> (case-insensitive).</param>
    /// <returns>The detector's options object, of its kind's options type.</returns>
    public static DeepDetectorOptions CreateOptions(string name)
        => DetectorKinds.Find(name).Deep?.NewOptions()
        ?? throw new ArgumentOutOfRangeException(nameof(name), name, $"'{name}' is not a deep detector. Deep detectors: {string.Join(", ", DeepDetectorNames)}.");

    /// <summary>The estimator for <paramref name="options"/>, whichever deep detector they belong to.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Options from <see cref="CreateOptions"/> (or any deep detector's options).</param>
    /// <returns>The detector's estimator.</returns>
    public static DeepDetectorEstimator CreateEstimator(TransformsCatalog catalog, DeepDetectorOptions options) => catalog.DetectAnomalyByNetwork(options);
}
