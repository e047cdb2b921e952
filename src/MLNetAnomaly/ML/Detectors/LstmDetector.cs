using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly;
using MLNetAnomaly.Torch.Networks;

[assembly: LoadableClass(typeof(LstmDetectorTransformer), null, typeof(SignatureLoadModel), "LSTM anomaly detector", LstmDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>Options of <see cref="LstmDetectorEstimator"/>: see <see cref="DeepDetectorOptions"/>.</summary>
public sealed class LstmDetectorOptions : DeepDetectorOptions
{
}

/// <summary>
/// Detects anomalies with an LSTM next-step forecaster: windows of <see cref="DeepDetectorOptions.WindowSize"/> rows
/// predict the next row; the forecast error is the raw score, which the post-processing chain
/// (<see cref="DeepDetectorOptions.PostProcessing"/>) turns into the score, p-value and alert.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="float"/> column, or a known-size vector of float, in time order. Output: a vector of three
/// doubles [Alert, Score, P-Value]. The first WindowSize rows get [0, 0, 0.5]. See docs/detectors.md.</para>
/// <para>Reach it through <c>mlContext.Transforms.DetectAnomalyByLstm(...)</c>.</para>
/// </remarks>
public sealed class LstmDetectorEstimator : DeepDetectorEstimator<LstmDetectorTransformer>
{
    internal LstmDetectorEstimator(IHostEnvironment environment, LstmDetectorOptions options)
        : base(environment, options, NetworkKind.Lstm)
    {
    }

    private protected override LstmDetectorTransformer CreateTransformer(DeepDetectorOptions options, PostProcessedDetector detector)
        => new((LstmDetectorOptions)options, detector);
}

/// <summary>A fitted LSTM detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class LstmDetectorTransformer : DeepDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyLstmDetector";
    private const string Name = "LSTM anomaly detector";

    internal LstmDetectorTransformer(LstmDetectorOptions options, PostProcessedDetector detector)
        : base(options, detector)
    {
    }

    /// <summary>A copy of the options the detector was fitted with.</summary>
    public LstmDetectorOptions Options => (LstmDetectorOptions)DeepOptions.CloneOptions();

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLNALSTM",
        verWrittenCur: SharedFormat,
        verReadableCur: SharedFormat,
        verWeCanReadBack: SharedFormat,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(LstmDetectorTransformer).Assembly.FullName);

    private static LstmDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var (input, output) = LoadColumns(ctx, GetVersionInfo(), Name);
        var options = new LstmDetectorOptions { InputColumnName = input, OutputColumnName = output };
        return new LstmDetectorTransformer(options, LoadDetector(ctx, Name, NetworkKind.Lstm, options));
    }
}
