using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks;

[assembly: LoadableClass(typeof(LstmAutoencoderDetectorTransformer), null, typeof(SignatureLoadModel), "LSTM autoencoder anomaly detector", LstmAutoencoderDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>Options of <see cref="LstmAutoencoderDetectorEstimator"/>: see <see cref="ReconstructionDetectorOptions"/>.</summary>
public sealed class LstmAutoencoderDetectorOptions : ReconstructionDetectorOptions
{
}

/// <summary>
/// Detects anomalies with an LSTM encoder-decoder (EncDec-AD, Malhotra et al. 2016) that reconstructs each window; the calibrated reconstruction error of the window ending at a row gives its score and p-value.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="float"/> column, or a known-size vector of float, in time order. Output: a vector of three
/// doubles [Alert, Score, P-Value]. The first WindowSize - 1 rows get [0, 0, 0.5]. See docs/detectors.md.</para>
/// <para>Reach it through <c>mlContext.Transforms.DetectAnomalyByLstmAutoencoder(...)</c>.</para>
/// </remarks>
public sealed class LstmAutoencoderDetectorEstimator : DeepDetectorEstimator<LstmAutoencoderDetectorTransformer>
{
    internal LstmAutoencoderDetectorEstimator(IHostEnvironment environment, LstmAutoencoderDetectorOptions options)
        : base(environment, options, NetworkKind.LstmAutoencoder)
    {
    }

    private protected override LstmAutoencoderDetectorTransformer CreateTransformer(DeepDetectorOptions options, PostProcessedDetector detector)
        => new((LstmAutoencoderDetectorOptions)options, detector);
}

/// <summary>A fitted LSTM autoencoder detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class LstmAutoencoderDetectorTransformer : DeepDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyLstmAE"; // ML.NET allows 24 characters.
    private const string Name = "LSTM autoencoder anomaly detector";

    internal LstmAutoencoderDetectorTransformer(LstmAutoencoderDetectorOptions options, PostProcessedDetector detector)
        : base(options, detector)
    {
    }

    /// <summary>A copy of the options the detector was fitted with.</summary>
    public LstmAutoencoderDetectorOptions Options => (LstmAutoencoderDetectorOptions)DeepOptions.CloneOptions();

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLNALSAE",
        verWrittenCur: SharedFormat,
        verReadableCur: SharedFormat,
        verWeCanReadBack: SharedFormat,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(LstmAutoencoderDetectorTransformer).Assembly.FullName);

    private static LstmAutoencoderDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var (input, output) = LoadColumns(ctx, GetVersionInfo(), Name);
        var options = new LstmAutoencoderDetectorOptions { InputColumnName = input, OutputColumnName = output };
        return new LstmAutoencoderDetectorTransformer(options, LoadDetector(ctx, Name, NetworkKind.LstmAutoencoder, options));
    }
}
