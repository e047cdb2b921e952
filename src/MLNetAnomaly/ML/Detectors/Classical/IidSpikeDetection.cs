using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Persistence;

[assembly: LoadableClass(typeof(IidSpikeDetectorTransformer), null, typeof(SignatureLoadModel), "IID spike detector", IidSpikeDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>
/// Options of <see cref="IidSpikeDetectorEstimator"/>, with the names and defaults of ML.NET's <c>DetectIidSpike</c>
/// (<c>IidSpikeDetector.Options</c>); with <see cref="ClassicalDetectorOptions.PostProcessing"/> null (the default)
/// the output is ML.NET's, slot for slot (see docs/detectors.md for the parity measured).
/// </summary>
public sealed class IidSpikeDetectorOptions : ClassicalDetectorOptions
{
    /// <summary>Confidence in percent: alerts where the p-value is at most 1 − Confidence / 100. Strictly between 0 and 100. Default 99.</summary>
    public double Confidence { get; set; } = Defaults.Confidence;

    /// <summary>Earlier values each p-value is computed against, at least 2. Default 100 (ML.NET's <c>pvalueHistoryLength</c>).</summary>
    public int PValueHistoryLength { get; set; } = Defaults.PValueHistoryLength;

    /// <summary>
    /// Which deviations alert: the upper tail's p-value, the lower tail's, or the smaller of the two (not doubled, as in
    /// ML.NET). Default <see cref="SpikeSide.TwoSided"/>.
    /// </summary>
    public SpikeSide Side { get; set; } = Defaults.Side;

    /// <summary>A copy, so an estimator is not changed by later edits to the caller's object.</summary>
    internal IidSpikeDetectorOptions Clone() => (IidSpikeDetectorOptions)CloneOptions();

    /// <summary>Checks every option, naming the first one out of range.</summary>
    internal override void Validate()
    {
        base.Validate();
        RuleOptionChecks.Spike(Confidence, PValueHistoryLength, Side);
    }

    /// <summary>The default of every option, in one place (the options and the catalog methods read them).</summary>
    internal static class Defaults
    {
        internal const double Confidence = 99;
        internal const int PValueHistoryLength = 100;
        internal const SpikeSide Side = SpikeSide.TwoSided;
    }
}

/// <summary>
/// Flags spikes in a series of independent values, as ML.NET's <c>DetectIidSpike</c> does, in managed code (no
/// Microsoft.ML.TimeSeries, no MKL): each value's p-value comes from a kernel density estimate of the values before it.
/// </summary>
/// <remarks>Reach it through <c>mlContext.Transforms.DetectAnomalyByIidSpike(...)</c>. See docs/detectors.md.</remarks>
public sealed class IidSpikeDetectorEstimator : ClassicalDetectorEstimator<IidSpikeDetectorOptions, IidSpikeDetectorTransformer>
{
    internal IidSpikeDetectorEstimator(IidSpikeDetectorOptions options)
        : base(options)
    {
    }

    private protected override IidSpikeDetectorTransformer CreateTransformer(IidSpikeDetectorOptions options, IDataView input)
        => new(options, WithPostProcessing(IidSpikeDetectorTransformer.RawDetector(options), options.PostProcessing, input, options.InputColumnName, options.PValueHistoryLength));
}

/// <summary>A ready IID spike detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class IidSpikeDetectorTransformer : SequentialDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyIidSpike";
    private const string Name = "IID spike detector";
    private static readonly string[] Slots = { "Alert", "Raw Score", "P-Value" };
    private readonly IidSpikeDetectorOptions _options;
    private readonly IidKernel _kernel;

    internal IidSpikeDetectorTransformer(IidSpikeDetectorOptions options, IFittedDetector detector, IidKernel kernel = IidKernel.MlNet)
        : base(options.InputColumnName, options.OutputColumnName, detector)
    {
        _options = options;
        _kernel = kernel;
    }

    /// <summary>A copy of the options.</summary>
    public IidSpikeDetectorOptions Options => _options.Clone();

    private protected override IReadOnlyList<string> SlotNames => _options.PostProcessing is null ? Slots : base.SlotNames;

    /// <summary>The detector before post-processing: ML.NET's output, or raw scores when a chain follows.</summary>
    internal static IidSpikeDetector RawDetector(IidSpikeDetectorOptions options, IidKernel kernel = IidKernel.MlNet)
        => new(options.Confidence, options.PValueHistoryLength, options.Side, rawScores: options.PostProcessing is not null, kernel);

    private protected override string ComponentName => Name;

    // A model saved before parity saves again as it was (format 0x00020001, no kernel), so its files and the
    // fingerprints of its streaming checkpoints do not change.
    private protected override VersionInfo VersionInfo => _kernel == IidKernel.Silverman
        ? ModelFormat.Version("MLNAIIDS", LoaderSignature, typeof(IidSpikeDetectorTransformer))
        : GetVersionInfo();

    // 0x00020002: ML.NET's kernel ("Kernel" 1); files of 0x00020001 score with the kernel they were saved with.
    private const uint ParityFormat = 0x00020002;

    private static VersionInfo GetVersionInfo() => ModelFormat.Version("MLNAIIDS", LoaderSignature, typeof(IidSpikeDetectorTransformer), written: ParityFormat);

    private protected override void SaveValues(ModelValues values, ModelSaveContext ctx)
    {
        values.Set(nameof(IidSpikeDetectorOptions.Confidence), _options.Confidence)
            .Set(nameof(IidSpikeDetectorOptions.PValueHistoryLength), _options.PValueHistoryLength)
            .Set(nameof(IidSpikeDetectorOptions.Side), (int)_options.Side);
        if (_kernel != IidKernel.Silverman)
        {
            values.Set("Kernel", (int)_kernel);
        }

        ChainFormat.WriteOptional(values, Detector);
    }

    private static IidSpikeDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var values = LoadValues(ctx, GetVersionInfo(), Name);
        var (input, output, _) = ReadColumns(values);
        var defaults = new IidSpikeDetectorOptions();
        var options = new IidSpikeDetectorOptions
        {
            InputColumnName = input,
            OutputColumnName = output,
            Confidence = values.Double(nameof(defaults.Confidence), defaults.Confidence),
            PValueHistoryLength = values.Int(nameof(defaults.PValueHistoryLength), defaults.PValueHistoryLength),
            Side = (SpikeSide)values.Int(nameof(defaults.Side), (int)defaults.Side),
        };
        ModelFormat.Validate(options.Validate, values);

        // Files written before parity with ML.NET (0x00020001) have no kernel value and keep the rule they were saved
        // with; later files must name theirs.
        var kernel = ctx.Header.ModelVerWritten >= ParityFormat ? (IidKernel)values.RequiredInt("Kernel") : IidKernel.Silverman;
        if (!Enum.IsDefined(kernel))
        {
            throw values.Damaged($"it names IID kernel {(int)kernel}, which this version does not know");
        }

        // The raw-score detector is what a chain wraps; without one the output is ML.NET's.
        var raw = new IidSpikeDetector(options.Confidence, options.PValueHistoryLength, options.Side, rawScores: true, kernel);
        var detector = ChainFormat.ReadOptional(values, raw, options.PValueHistoryLength) as PostProcessedDetector;
        options.PostProcessing = detector is null ? null : PostProcessingOptions.Of(detector);
        return new IidSpikeDetectorTransformer(options, detector ?? (IFittedDetector)RawDetector(options, kernel), kernel);
    }
}
