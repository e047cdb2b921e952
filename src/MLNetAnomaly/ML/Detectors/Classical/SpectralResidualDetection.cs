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
/// <c>DetectAnomalyBySrCnn</c>; with <see cref="ClassicalDetectorOptions.PostProcessing"/> null (the default) and
/// <see cref="RobustExtension"/> off, the output is ML.NET's, slot for slot (docs/detectors.md gives the parity measured).
/// </summary>
public sealed class SpectralResidualDetectorOptions : SaliencyWindowOptions
{
    /// <summary>Saliency values averaged to judge the newest one, from 1 to WindowSize. Default 21.</summary>
    public int JudgementWindowSize { get; set; } = Defaults.JudgementWindowSize;

    /// <summary>
    /// Alerts where the raw score, clamped to [0, 1], exceeds it (strictly), as in ML.NET; from 0 to 1. The raw score is
    /// |S − S̄| / S̄ divided by 10, so 0.3 flags a saliency 3 times away from its local average. Default 0.3.
    /// </summary>
    public double Threshold { get; set; } = Defaults.Threshold;

    /// <summary>
    /// Estimate the points appended after the window robustly (the median level of the LookaheadWindowSize points
    /// before the newest, moved forward by the median of their steps) instead of by ML.NET's formula, whose estimate
    /// can carry a spike into the transform one point later and flag the normal point after it. Changes the outputs;
    /// docs/detectors.md gives its measured effect. Default false (ML.NET's).
    /// </summary>
    public bool RobustExtension { get; set; }

    /// <summary>True for a model saved before parity with ML.NET, which keeps its rule (not settable).</summary>
    internal bool Legacy { get; set; }

    /// <summary>A copy, so an estimator is not changed by later edits to the caller's object.</summary>
    internal SpectralResidualDetectorOptions Clone() => (SpectralResidualDetectorOptions)CloneOptions();

    /// <summary>The settings of the managed detector.</summary>
    internal SpectralResidualSettings Settings() => new(WindowSize, BackAddWindowSize, LookaheadWindowSize, AveragingWindowSize, JudgementWindowSize, Threshold, RobustExtension, Legacy);

    /// <summary>Checks every option, naming the first one out of range.</summary>
    internal override void Validate()
    {
        ValidateWindow(3);
        InRange(JudgementWindowSize, 1, WindowSize, nameof(JudgementWindowSize));
        if (Legacy)
        {
            // Models saved before parity compared the unscaled score with the threshold (3 suited seasonal series).
            Guard.Positive(Threshold, nameof(Threshold));
        }
        else
        {
            Guard.InRange(Threshold, 0, 1, nameof(Threshold), upperInclusive: true);
        }
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
        : base(Current(options))
    {
    }

    /// <summary>A copy that fits ML.NET's rule, even when the options came from a model saved before parity.</summary>
    private static SpectralResidualDetectorOptions Current(SpectralResidualDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Legacy = false;
        return copy;
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

    // A model saved before parity saves again as it was (format 0x00020001, no rule), so its files and the
    // fingerprints of its streaming checkpoints do not change.
    private protected override VersionInfo VersionInfo => _options.Legacy
        ? ModelFormat.Version("MLNASRES", LoaderSignature, typeof(SpectralResidualDetectorTransformer))
        : GetVersionInfo();

    // 0x00020002: ML.NET's score ("Rule" 1); files of 0x00020001 keep the rule they were saved with.
    private const uint ParityFormat = 0x00020002;

    private static VersionInfo GetVersionInfo() => ModelFormat.Version("MLNASRES", LoaderSignature, typeof(SpectralResidualDetectorTransformer), written: ParityFormat);

    private protected override void SaveValues(ModelValues values, ModelSaveContext ctx)
    {
        _options.SaveWindow(values);
        values.Set(nameof(SpectralResidualDetectorOptions.JudgementWindowSize), _options.JudgementWindowSize)
            .Set(nameof(SpectralResidualDetectorOptions.Threshold), _options.Threshold);
        if (!_options.Legacy)
        {
            values.Set(nameof(SpectralResidualDetectorOptions.RobustExtension), _options.RobustExtension)
                .Set("Rule", 1);
        }

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
        // Files written before parity with ML.NET (0x00020001) have no rule and keep the one they were saved with;
        // later files must name theirs.
        options.Legacy = ctx.Header.ModelVerWritten < ParityFormat;
        if (!options.Legacy)
        {
            options.RobustExtension = values.Bool(nameof(options.RobustExtension), false);
            if (values.RequiredInt("Rule") != 1)
            {
                throw values.Damaged($"it names spectral residual rule {values.RequiredInt("Rule")}, which this version does not know");
            }
        }
        ModelFormat.Validate(options.Validate, values);
        var detector = ChainFormat.ReadOptional(values, new SpectralResidualDetector(options.Settings()), options.WindowSize);
        options.PostProcessing = PostProcessingOptions.Of(detector);
        return new SpectralResidualDetectorTransformer(options, detector);
    }
}
