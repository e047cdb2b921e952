using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Persistence;

[assembly: LoadableClass(typeof(SpectralResidualDetectorTransformer), null, typeof(SignatureLoadModel), "Spectral residual detector", SpectralResidualDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>
/// Options of <see cref="SpectralResidualDetectorEstimator"/>, with the names and defaults of ML.NET's
/// <c>DetectAnomalyBySrCnn</c>.
/// </summary>
public sealed class SpectralResidualDetectorOptions : SaliencyWindowOptions
{
    /// <summary>Saliency values averaged to judge the newest one, from 1 to WindowSize. Default 21.</summary>
    public int JudgementWindowSize { get; set; } = Defaults.JudgementWindowSize;

    /// <summary>Alerts where the raw score exceeds it; positive. Default 0.3.</summary>
    public double Threshold { get; set; } = Defaults.Threshold;

    /// <summary>A copy, so an estimator is not changed by later edits to the caller's object.</summary>
    internal SpectralResidualDetectorOptions Clone() => (SpectralResidualDetectorOptions)CloneOptions();

    /// <summary>The settings of the managed detector.</summary>
    internal SpectralResidualSettings Settings() => new(WindowSize, BackAddWindowSize, LookaheadWindowSize, AveragingWindowSize, JudgementWindowSize, Threshold);

    /// <summary>Checks every option, naming the first one out of range.</summary>
    internal override void Validate()
    {
        ValidateWindow(3);
        InRange(JudgementWindowSize, 1, WindowSize, nameof(JudgementWindowSize));
        Guard.Positive(Threshold, nameof(Threshold));
    }

    /// <summary>The default of every option, in one place (the options and the catalog methods read them).</summary>
    internal new static class Defaults
    {
        internal const int WindowSize = SaliencyWindowOptions.Defaults.WindowSize;
        internal const int BackAddWindowSize = SaliencyWindowOptions.Defaults.BackAddWindowSize;
        internal const int LookaheadWindowSize = SaliencyWindowOptions.Defaults.LookaheadWindowSize;
        internal const int AveragingWindowSize = SaliencyWindowOptions.Defaults.AveragingWindowSize;
        internal const int JudgementWindowSize = 21;
        internal const double Threshold = 0.3;
    }
}

/// <summary>
/// Flags anomalies by the spectral residual of a sliding window (Ren et al., KDD 2019), the streaming behaviour of
/// ML.NET's <c>DetectAnomalyBySrCnn</c>, in managed code with MathNet's FFT (no Microsoft.ML.TimeSeries, no MKL).
/// </summary>
/// <remarks>Reach it through <c>mlContext.Transforms.DetectAnomalyBySpectralResidual(...)</c>. See docs/detectors.md.</remarks>
public sealed class SpectralResidualDetectorEstimator : ClassicalDetectorEstimator<SpectralResidualDetectorOptions, SpectralResidualDetectorTransformer>
{
    internal SpectralResidualDetectorEstimator(SpectralResidualDetectorOptions options)
        : base(options)
    {
    }

    private protected override SpectralResidualDetectorTransformer CreateTransformer(SpectralResidualDetectorOptions options, IDataView input)
        => new(options, WithPostProcessing(new SpectralResidualDetector(options.Settings()), options.PostProcessing, input, options.InputColumnName, options.WindowSize));
}

/// <summary>A ready spectral residual detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class SpectralResidualDetectorTransformer : SequentialDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalySpectralRes";
    private const string Name = "spectral residual detector";
    private static readonly string[] Slots = { "Alert", "Raw Score", "Mag" };
    private readonly SpectralResidualDetectorOptions _options;

    internal SpectralResidualDetectorTransformer(SpectralResidualDetectorOptions options, IFittedDetector detector)
        : base(options.InputColumnName, options.OutputColumnName, detector)
    {
        _options = options;
    }

    /// <summary>A copy of the options.</summary>
    public SpectralResidualDetectorOptions Options => _options.Clone();

    private protected override IReadOnlyList<string> SlotNames => _options.PostProcessing is null ? Slots : base.SlotNames;

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => ModelFormat.Version("MLNASRES", LoaderSignature, typeof(SpectralResidualDetectorTransformer));

    private protected override void SaveValues(ModelValues values, ModelSaveContext ctx)
    {
        _options.SaveWindow(values);
        values.Set(nameof(SpectralResidualDetectorOptions.JudgementWindowSize), _options.JudgementWindowSize)
            .Set(nameof(SpectralResidualDetectorOptions.Threshold), _options.Threshold);
        ChainFormat.WriteOptional(values, Detector);
    }

    private static SpectralResidualDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var values = LoadValues(ctx, GetVersionInfo(), Name);
        var (input, output, _) = ReadColumns(values);
        var options = new SpectralResidualDetectorOptions { InputColumnName = input, OutputColumnName = output };
        options.LoadWindow(values);
        options.JudgementWindowSize = values.Int(nameof(options.JudgementWindowSize), options.JudgementWindowSize);
        options.Threshold = values.Double(nameof(options.Threshold), options.Threshold);
        ModelFormat.Validate(options.Validate, values);
        var detector = ChainFormat.ReadOptional(values, new SpectralResidualDetector(options.Settings()), options.WindowSize);
        options.PostProcessing = PostProcessingOptions.Of(detector);
        return new SpectralResidualDetectorTransformer(options, detector);
    }
}
