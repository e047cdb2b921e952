using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks;

[assembly: LoadableClass(typeof(CnnDetectorTransformer), null, typeof(SignatureLoadModel), "CNN anomaly detector", CnnDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>Options of <see cref="CnnDetectorEstimator"/>: see <see cref="DeepDetectorOptions"/>.</summary>
public sealed class CnnDetectorOptions : DeepDetectorOptions
{
}

/// <summary>
/// Detects anomalies with a temporal convolutional forecaster in the spirit of DeepAnT (Munir et al. 2019): 1-D convolutions over the window predict the next row; calibrated forecast errors give the score and p-value.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="float"/> column, or a known-size vector of float, in time order. Output: a vector of three
/// doubles [Alert, Score, P-Value]. The first WindowSize rows get [0, 0, 0.5]. See docs/detectors.md.</para>
/// <para>Reach it through <c>mlContext.Transforms.DetectAnomalyByCnn(...)</c>.</para>
/// </remarks>
public sealed class CnnDetectorEstimator : DeepDetectorEstimator<CnnDetectorTransformer>
{
    internal CnnDetectorEstimator(IHostEnvironment environment, CnnDetectorOptions options)
        : base(environment, options, NetworkKind.Cnn)
    {
    }

    private protected override CnnDetectorTransformer CreateTransformer(DeepDetectorOptions options, PostProcessedDetector detector)
        => new((CnnDetectorOptions)options, detector);
}

/// <summary>A fitted temporal CNN detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class CnnDetectorTransformer : DeepDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyCnnDetector";
    private const string Name = "CNN anomaly detector";

    internal CnnDetectorTransformer(CnnDetectorOptions options, PostProcessedDetector detector)
        : base(options, detector)
    {
    }

    /// <summary>A copy of the options the detector was fitted with.</summary>
    public CnnDetectorOptions Options => (CnnDetectorOptions)DeepOptions.CloneOptions();

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLNACNN_",
        verWrittenCur: SharedFormat,
        verReadableCur: SharedFormat,
        verWeCanReadBack: SharedFormat,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(CnnDetectorTransformer).Assembly.FullName);

    private static CnnDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var (input, output) = LoadColumns(ctx, GetVersionInfo(), Name);
        var options = new CnnDetectorOptions { InputColumnName = input, OutputColumnName = output };
        return new CnnDetectorTransformer(options, LoadDetector(ctx, Name, NetworkKind.Cnn, options));
    }
}
