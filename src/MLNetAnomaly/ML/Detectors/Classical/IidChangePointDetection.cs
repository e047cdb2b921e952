using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Persistence;

[assembly: LoadableClass(typeof(IidChangePointDetectorTransformer), null, typeof(SignatureLoadModel), "IID change point detector", IidChangePointDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>
/// Options of <see cref="IidChangePointDetectorEstimator"/>, with the names and defaults of ML.NET's
/// <c>DetectIidChangePoint</c> (<c>IidChangePointDetector.Options</c>); with
/// <see cref="ClassicalDetectorOptions.PostProcessing"/> null (the default) the output is ML.NET's, slot for slot.
/// </summary>
public sealed class IidChangePointDetectorOptions : ClassicalDetectorOptions
{
    /// <summary>Confidence in percent, strictly between 0 and 100: sets the martingale's alert threshold. Default 95.</summary>
    public double Confidence { get; set; } = Defaults.Confidence;

    /// <summary>Earlier values each p-value is computed against, and p-values the martingale bets on; at least 2. Default 20 (ML.NET's <c>changeHistoryLength</c>).</summary>
    public int ChangeHistoryLength { get; set; } = Defaults.ChangeHistoryLength;

    /// <summary>The martingale's betting function. Default <see cref="ChangePointMartingale.Power"/>.</summary>
    public ChangePointMartingale Martingale { get; set; } = Defaults.Martingale;

    /// <summary>ε of the power martingale, strictly between 0 and 1. Default 0.1 (ML.NET's <c>eps</c>).</summary>
    public double PowerMartingaleEpsilon { get; set; } = Defaults.PowerMartingaleEpsilon;

    /// <summary>A copy, so an estimator is not changed by later edits to the caller's object.</summary>
    internal IidChangePointDetectorOptions Clone() => (IidChangePointDetectorOptions)CloneOptions();

    /// <summary>The detector these options describe (ML.NET's output, or raw scores when a chain follows).</summary>
    internal IidChangePointDetector Detector(bool rawScores) => new(Confidence, ChangeHistoryLength, Martingale, PowerMartingaleEpsilon, rawScores);

    /// <summary>Checks every option, naming the first one out of range.</summary>
    internal override void Validate()
    {
        base.Validate();
        RuleOptionChecks.ChangePoint(Confidence, ChangeHistoryLength, PowerMartingaleEpsilon, Martingale);
    }

    /// <summary>The default of every option, in one place (the options and the catalog methods read them).</summary>
    internal static class Defaults
    {
        internal const double Confidence = 95;
        internal const int ChangeHistoryLength = 20;
        internal const ChangePointMartingale Martingale = ChangePointMartingale.Power;
        internal const double PowerMartingaleEpsilon = 0.1;
    }
}

/// <summary>
/// Flags changes in the distribution of independent values, as ML.NET's <c>DetectIidChangePoint</c> does, in managed
/// code: each value's kernel p-value against the values before it feeds a martingale, which alerts when the recent
/// p-values are jointly too small to be chance.
/// </summary>
/// <remarks>Reach it through <c>mlContext.Transforms.DetectChangePointByIid(...)</c>. See docs/detectors.md.</remarks>
public sealed class IidChangePointDetectorEstimator : ClassicalDetectorEstimator<IidChangePointDetectorOptions, IidChangePointDetectorTransformer>
{
    internal IidChangePointDetectorEstimator(IidChangePointDetectorOptions options)
        : base(options)
    {
    }

    private protected override IidChangePointDetectorTransformer CreateTransformer(IidChangePointDetectorOptions options, IDataView input)
        => new(options, WithPostProcessing(options.Detector(rawScores: options.PostProcessing is not null), options.PostProcessing, input, options.InputColumnName, options.ChangeHistoryLength));
}

/// <summary>A ready IID change point detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class IidChangePointDetectorTransformer : SequentialDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyIidChangePt";
    private const string Name = "IID change point detector";
    private static readonly string[] Slots = { "Alert", "Raw Score", "P-Value", "Martingale Score" };
    private readonly IidChangePointDetectorOptions _options;

    internal IidChangePointDetectorTransformer(IidChangePointDetectorOptions options, IFittedDetector detector)
        : base(options.InputColumnName, options.OutputColumnName, detector)
    {
        _options = options;
    }

    /// <summary>A copy of the options.</summary>
    public IidChangePointDetectorOptions Options => _options.Clone();

    private protected override IReadOnlyList<string> SlotNames => _options.PostProcessing is null ? Slots : base.SlotNames;

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => ModelFormat.Version("MLNAIIDC", LoaderSignature, typeof(IidChangePointDetectorTransformer));

    private protected override void SaveValues(ModelValues values, ModelSaveContext ctx)
    {
        values.Set(nameof(IidChangePointDetectorOptions.Confidence), _options.Confidence)
            .Set(nameof(IidChangePointDetectorOptions.ChangeHistoryLength), _options.ChangeHistoryLength)
            .Set(nameof(IidChangePointDetectorOptions.Martingale), (int)_options.Martingale)
            .Set(nameof(IidChangePointDetectorOptions.PowerMartingaleEpsilon), _options.PowerMartingaleEpsilon);
        ChainFormat.WriteOptional(values, Detector);
    }

    private static IidChangePointDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var values = LoadValues(ctx, GetVersionInfo(), Name);
        var (input, output, _) = ReadColumns(values);
        var options = new IidChangePointDetectorOptions
        {
            InputColumnName = input,
            OutputColumnName = output,
            Confidence = values.RequiredDouble(nameof(IidChangePointDetectorOptions.Confidence)),
            ChangeHistoryLength = values.RequiredInt(nameof(IidChangePointDetectorOptions.ChangeHistoryLength)),
            Martingale = (ChangePointMartingale)values.RequiredInt(nameof(IidChangePointDetectorOptions.Martingale)),
            PowerMartingaleEpsilon = values.RequiredDouble(nameof(IidChangePointDetectorOptions.PowerMartingaleEpsilon)),
        };
        ModelFormat.Validate(options.Validate, values);

        // The raw-score detector is what a chain wraps; without one the output is ML.NET's.
        var detector = ChainFormat.ReadOptional(values, options.Detector(rawScores: true), options.ChangeHistoryLength) as PostProcessedDetector;
        options.PostProcessing = detector is null ? null : PostProcessingOptions.Of(detector);
        return new IidChangePointDetectorTransformer(options, detector ?? (IFittedDetector)options.Detector(rawScores: false));
    }
}
