using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.Classical.Ssa;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Persistence;

[assembly: LoadableClass(typeof(SsaChangePointDetectorTransformer), null, typeof(SignatureLoadModel), "SSA change point detector", SsaChangePointDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>
/// Options of <see cref="SsaChangePointDetectorEstimator"/>, with the parameter names of ML.NET's
/// <c>DetectChangePointBySsa</c> and the defaults of its options class (<c>SsaChangePointDetector.Options</c>, whose
/// <c>SeasonalWindowSize</c> is <see cref="SsaDetectorOptions.SeasonalityWindowSize"/>); with
/// <see cref="ClassicalDetectorOptions.PostProcessing"/> null (the default) the output is ML.NET's, slot for slot.
/// </summary>
public sealed class SsaChangePointDetectorOptions : SsaDetectorOptions
{
    /// <summary>Confidence in percent, strictly between 0 and 100: sets the martingale's alert threshold. Default 95.</summary>
    public double Confidence { get; set; } = Defaults.Confidence;

    /// <summary>Earlier raw scores each p-value is computed against, and p-values the martingale bets on; at least 2. Default 20 (ML.NET's <c>changeHistoryLength</c>).</summary>
    public int ChangeHistoryLength { get; set; } = Defaults.ChangeHistoryLength;

    /// <summary>The martingale's betting function. Default <see cref="ChangePointMartingale.Power"/>.</summary>
    public ChangePointMartingale Martingale { get; set; } = Defaults.Martingale;

    /// <summary>ε of the power martingale, strictly between 0 and 1. Default 0.1 (ML.NET's <c>eps</c>).</summary>
    public double PowerMartingaleEpsilon { get; set; } = Defaults.PowerMartingaleEpsilon;

    /// <summary>A copy, so an estimator is not changed by later edits to the caller's object.</summary>
    internal SsaChangePointDetectorOptions Clone() => (SsaChangePointDetectorOptions)CloneOptions();

    /// <summary>The rule the raw scores go through (ML.NET's output, or raw scores when a chain follows).</summary>
    internal ChangePointRule Rule(bool rawScores) => new(Confidence, ChangeHistoryLength, Martingale, PowerMartingaleEpsilon, rawScores);

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
/// Flags changes in how a series departs from what a singular spectrum analysis forecaster expected, as ML.NET's
/// <c>DetectChangePointBySsa</c> does, in managed code: the forecast errors' kernel p-values feed a martingale, which
/// alerts when the recent errors are jointly too unusual to be chance.
/// </summary>
/// <remarks>Reach it through <c>mlContext.Transforms.DetectAnomalyBySsaChangePoint(...)</c>. See docs/detectors.md.</remarks>
public sealed class SsaChangePointDetectorEstimator : ClassicalDetectorEstimator<SsaChangePointDetectorOptions, SsaChangePointDetectorTransformer>
{
    internal SsaChangePointDetectorEstimator(SsaChangePointDetectorOptions options)
        : base(options)
    {
    }

    private protected override SsaChangePointDetectorTransformer CreateTransformer(SsaChangePointDetectorOptions options, IDataView input)
    {
        var model = options.TrainModel(input);
        var raw = new SsaDetector(model, options.ErrorFunction, options.Rule(rawScores: options.PostProcessing is not null));
        return new(options, model, WithPostProcessing(raw, options.PostProcessing, input, options.InputColumnName, options.ChangeHistoryLength));
    }
}

/// <summary>A ready SSA change point detector with its trained forecaster; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class SsaChangePointDetectorTransformer : SsaDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalySsaChangePt";
    private const string Name = "SSA change point detector";
    private static readonly string[] Slots = { "Alert", "Raw Score", "P-Value", "Martingale Score" };
    private readonly SsaChangePointDetectorOptions _options;

    internal SsaChangePointDetectorTransformer(SsaChangePointDetectorOptions options, SsaModel model, IFittedDetector detector)
        : base(options, model, detector)
    {
        _options = options;
    }

    /// <summary>A copy of the options.</summary>
    public SsaChangePointDetectorOptions Options => _options.Clone();

    private protected override IReadOnlyList<string> SlotNames => _options.PostProcessing is null ? Slots : base.SlotNames;

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => ModelFormat.Version("MLNASSAC", LoaderSignature, typeof(SsaChangePointDetectorTransformer));

    // The options, the trained forecaster (SsaDetectorTransformer.SaveForecaster) and the chain when there is one.
    private protected override void SaveValues(ModelValues values, ModelSaveContext ctx)
    {
        values.Set(nameof(SsaChangePointDetectorOptions.Confidence), _options.Confidence)
            .Set(nameof(SsaChangePointDetectorOptions.ChangeHistoryLength), _options.ChangeHistoryLength)
            .Set(nameof(SsaChangePointDetectorOptions.Martingale), (int)_options.Martingale)
            .Set(nameof(SsaChangePointDetectorOptions.PowerMartingaleEpsilon), _options.PowerMartingaleEpsilon);
        SaveForecaster(values, _options);
        ChainFormat.WriteOptional(values, Detector);
    }

    private static SsaChangePointDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var values = LoadValues(ctx, GetVersionInfo(), Name);
        var (input, output, _) = ReadColumns(values);
        var options = new SsaChangePointDetectorOptions
        {
            InputColumnName = input,
            OutputColumnName = output,
            Confidence = values.RequiredDouble(nameof(SsaChangePointDetectorOptions.Confidence)),
            ChangeHistoryLength = values.RequiredInt(nameof(SsaChangePointDetectorOptions.ChangeHistoryLength)),
            Martingale = (ChangePointMartingale)values.RequiredInt(nameof(SsaChangePointDetectorOptions.Martingale)),
            PowerMartingaleEpsilon = values.RequiredDouble(nameof(SsaChangePointDetectorOptions.PowerMartingaleEpsilon)),
        };
        var model = ReadForecaster(values, options);

        // The raw-score detector is what a chain wraps; without one the output is ML.NET's.
        var detector = ChainFormat.ReadOptional(values, new SsaDetector(model, options.ErrorFunction, options.Rule(rawScores: true)), options.ChangeHistoryLength) as PostProcessedDetector;
        options.PostProcessing = detector is null ? null : PostProcessingOptions.Of(detector);
        return new SsaChangePointDetectorTransformer(options, model, detector ?? (IFittedDetector)new SsaDetector(model, options.ErrorFunction, options.Rule(rawScores: false)));
    }
}
