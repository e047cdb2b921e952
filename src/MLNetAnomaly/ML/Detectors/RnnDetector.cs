using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks;

[assembly: LoadableClass(typeof(RnnDetectorTransformer), null, typeof(SignatureLoadModel), "RNN anomaly detector", RnnDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>Options of <see cref="RnnDetectorEstimator"/>: see <see cref="DeepDetectorOptions"/>.</summary>
public sealed class RnnDetectorOptions : DeepDetectorOptions
{
}

/// <summary>
/// Detects anomalies with an Elman RNN (tanh) next-step forecaster: windows predict the next row; calibrated forecast errors give the score and p-value.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="float"/> column, or a known-size vector of float, in time order. Output: a vector of three
/// doubles [Alert, Score, P-Value]. The first WindowSize rows get [0, 0, 0.5]. See docs/detectors.md.</para>
/// <para>Reach it through <c>mlContext.Transforms.DetectAnomalyByRnn(...)</c>.</para>
/// </remarks>
public sealed class RnnDetectorEstimator : DeepDetectorEstimator<RnnDetectorTransformer>
{
    internal RnnDetectorEstimator(IHostEnvironment environment, RnnDetectorOptions options)
        : base(environment, options, NetworkKind.Rnn)
    {
    }

    private protected override RnnDetectorTransformer CreateTransformer(DeepDetectorOptions options, PostProcessedDetector detector)
        => new((RnnDetectorOptions)options, detector);
}

/// <summary>A fitted RNN detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class RnnDetectorTransformer : DeepDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyRnnDetector";
    private const string Name = "RNN anomaly detector";

    internal RnnDetectorTransformer(RnnDetectorOptions options, PostProcessedDetector detector)
        : base(options, detector)
    {
    }

    /// <summary>A copy of the options the detector was fitted with.</summary>
    public RnnDetectorOptions Options => (RnnDetectorOptions)DeepOptions.CloneOptions();

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLNARNN_",
        verWrittenCur: SharedFormat,
        verReadableCur: SharedFormat,
        verWeCanReadBack: SharedFormat,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(RnnDetectorTransformer).Assembly.FullName);

    private static RnnDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var (input, output) = LoadColumns(ctx, GetVersionInfo(), Name);
        var options = new RnnDetectorOptions { InputColumnName = input, OutputColumnName = output };
        return new RnnDetectorTransformer(options, LoadDetector(ctx, Name, NetworkKind.Rnn, options));
    }
}
