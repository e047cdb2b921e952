using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks;

[assembly: LoadableClass(typeof(GruDetectorTransformer), null, typeof(SignatureLoadModel), "GRU anomaly detector", GruDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>Options of <see cref="GruDetectorEstimator"/>: see <see cref="DeepDetectorOptions"/>.</summary>
public sealed class GruDetectorOptions : DeepDetectorOptions
{
}

/// <summary>
/// Detects anomalies with a GRU next-step forecaster (gated recurrent units, Cho et al. 2014): windows predict the next row; calibrated forecast errors give the score and p-value.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="float"/> column, or a known-size vector of float, in time order. Output: a vector of three
/// doubles [Alert, Score, P-Value]. The first WindowSize rows get [0, 0, 0.5]. See docs/detectors.md.</para>
/// <para>Reach it through <c>mlContext.Transforms.DetectAnomalyByGru(...)</c>.</para>
/// </remarks>
public sealed class GruDetectorEstimator : DeepDetectorEstimator<GruDetectorTransformer>
{
    internal GruDetectorEstimator(IHostEnvironment environment, GruDetectorOptions options)
        : base(environment, options, NetworkKind.Gru)
    {
    }

    private protected override GruDetectorTransformer CreateTransformer(DeepDetectorOptions options, PostProcessedDetector detector)
        => new((GruDetectorOptions)options, detector);
}

/// <summary>A fitted GRU detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class GruDetectorTransformer : DeepDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyGruDetector";
    private const string Name = "GRU anomaly detector";

    internal GruDetectorTransformer(GruDetectorOptions options, PostProcessedDetector detector)
        : base(options, detector)
    {
    }

    /// <summary>A copy of the options the detector was fitted with.</summary>
    public GruDetectorOptions Options => (GruDetectorOptions)DeepOptions.CloneOptions();

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLNAGRU_",
        verWrittenCur: SharedFormat,
        verReadableCur: SharedFormat,
        verWeCanReadBack: SharedFormat,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(GruDetectorTransformer).Assembly.FullName);

    private static GruDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var (input, output) = LoadColumns(ctx, GetVersionInfo(), Name);
        var options = new GruDetectorOptions { InputColumnName = input, OutputColumnName = output };
        return new GruDetectorTransformer(options, LoadDetector(ctx, Name, NetworkKind.Gru, options));
    }
}
