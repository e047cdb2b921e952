using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks;

[assembly: LoadableClass(typeof(AutoencoderDetectorTransformer), null, typeof(SignatureLoadModel), "Autoencoder anomaly detector", AutoencoderDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>Options of <see cref="AutoencoderDetectorEstimator"/>: see <see cref="ReconstructionDetectorOptions"/>.</summary>
public sealed class AutoencoderDetectorOptions : ReconstructionDetectorOptions
{
}

/// <summary>
/// Detects anomalies with a dense autoencoder over each window; the calibrated reconstruction error of the window ending at a row (its newest row, or the whole window) gives its score and p-value.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="float"/> column, or a known-size vector of float, in time order. Output: a vector of three
/// doubles [Alert, Score, P-Value]. The first WindowSize - 1 rows get [0, 0, 0.5]. See docs/detectors.md.</para>
/// <para>Reach it through <c>mlContext.Transforms.DetectAnomalyByAutoencoder(...)</c>.</para>
/// </remarks>
public sealed class AutoencoderDetectorEstimator : DeepDetectorEstimator<AutoencoderDetectorTransformer>
{
    internal AutoencoderDetectorEstimator(IHostEnvironment environment, AutoencoderDetectorOptions options)
        : base(environment, options, NetworkKind.Autoencoder)
    {
    }

    private protected override AutoencoderDetectorTransformer CreateTransformer(DeepDetectorOptions options, PostProcessedDetector detector)
        => new((AutoencoderDetectorOptions)options, detector);
}

/// <summary>A fitted dense autoencoder detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class AutoencoderDetectorTransformer : DeepDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyDenseAE"; // ML.NET allows 24 characters.
    private const string Name = "Autoencoder anomaly detector";

    internal AutoencoderDetectorTransformer(AutoencoderDetectorOptions options, PostProcessedDetector detector)
        : base(options, detector)
    {
    }

    /// <summary>A copy of the options the detector was fitted with.</summary>
    public AutoencoderDetectorOptions Options => (AutoencoderDetectorOptions)DeepOptions.CloneOptions();

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLNADAE_",
        verWrittenCur: SharedFormat,
        verReadableCur: SharedFormat,
        verWeCanReadBack: SharedFormat,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(AutoencoderDetectorTransformer).Assembly.FullName);

    private static AutoencoderDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var (input, output) = LoadColumns(ctx, GetVersionInfo(), Name);
        var options = new AutoencoderDetectorOptions { InputColumnName = input, OutputColumnName = output };
        return new AutoencoderDetectorTransformer(options, LoadDetector(ctx, Name, NetworkKind.Autoencoder, options));
    }
}
