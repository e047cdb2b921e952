using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.Classical.Ssa;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Persistence;

[assembly: LoadableClass(typeof(SsaSpikeDetectorTransformer), null, typeof(SignatureLoadModel), "SSA spike detector", SsaSpikeDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>
/// Options of <see cref="SsaSpikeDetectorEstimator"/>, with the parameter names of ML.NET's <c>DetectSpikeBySsa</c> and the defaults of its
/// options class (<c>SsaSpikeDetector.Options</c>, whose <c>SeasonalWindowSize</c> is <see cref="SsaDetectorOptions.SeasonalityWindowSize"/>); with <see cref="ClassicalDetectorOptions.PostProcessing"/> null (the default) the
/// output is ML.NET's, slot for slot (see docs/detectors.md for the parity measured).
/// </summary>
public sealed class SsaSpikeDetectorOptions : SsaDetectorOptions
{
    /// <summary>Confidence in percent: alerts where the p-value is at most 1 − Confidence / 100. Strictly between 0 and 100. Default 99.</summary>
    public double Confidence { get; set; } = Defaults.Confidence;

    /// <summary>Earlier raw scores each p-value is computed against, at least 2. Default 100 (ML.NET's <c>pvalueHistoryLength</c>).</summary>
    public int PValueHistoryLength { get; set; } = Defaults.PValueHistoryLength;

    /// <summary>Which deviations from the forecast alert (the smaller tail, not doubled, for both). Default <see cref="SpikeSide.TwoSided"/>.</summary>
    public SpikeSide Side { get; set; } = Defaults.Side;

    /// <summary>A copy, so an estimator is not changed by later edits to the caller's object.</summary>
    internal SsaSpikeDetectorOptions Clone() => (SsaSpikeDetectorOptions)CloneOptions();

    /// <summary>The rule the raw scores go through (ML.NET's output, or raw scores when a chain follows).</summary>
    internal SpikeRule Rule(bool rawScores) => new(Confidence, PValueHistoryLength, Side, rawScores);

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
/// Flags values far from what a singular spectrum analysis forecaster expected, as ML.NET's <c>DetectSpikeBySsa</c>
/// does, in managed code: the forecaster is trained at <c>Fit</c> on the first rows, then each value's forecast error
/// gets a kernel p-value against the errors before it.
/// </summary>
/// <remarks>Reach it through <c>mlContext.Transforms.DetectAnomalyBySsaSpike(...)</c>. See docs/detectors.md.</remarks>
public sealed class SsaSpikeDetectorEstimator : ClassicalDetectorEstimator<SsaSpikeDetectorOptions, SsaSpikeDetectorTransformer>
{
    internal SsaSpikeDetectorEstimator(SsaSpikeDetectorOptions options)
        : base(options)
    {
    }

    private protected override SsaSpikeDetectorTransformer CreateTransformer(SsaSpikeDetectorOptions options, IDataView input)
    {
        var model = options.TrainModel(input);
        var raw = new SsaDetector(model, options.ErrorFunction, options.Rule(rawScores: options.PostProcessing is not null));
        return new(options, model, WithPostProcessing(raw, options.PostProcessing, input, options.InputColumnName, options.PValueHistoryLength));
    }
}

/// <summary>A ready SSA spike detector with its trained forecaster; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class SsaSpikeDetectorTransformer : SsaDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalySsaSpike";
    private const string Name = "SSA spike detector";
    private static readonly string[] Slots = { "Alert", "Raw Score", "P-Value" };
    private readonly SsaSpikeDetectorOptions _options;

    internal SsaSpikeDetectorTransformer(SsaSpikeDetectorOptions options, SsaModel model, IFittedDetector detector)
        : base(options, model, detector)
    {
        _options = options;
    }

    /// <summary>A copy of the options.</summary>
    public SsaSpikeDetectorOptions Options => _options.Clone();

    private protected override IReadOnlyList<string> SlotNames => _options.PostProcessing is null ? Slots : base.SlotNames;

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => ModelFormat.Version("MLNASSAS", LoaderSignature, typeof(SsaSpikeDetectorTransformer));

    // The options, the trained forecaster (SsaDetectorTransformer.SaveForecaster) and the chain when there is one.
    private protected override void SaveValues(ModelValues values, ModelSaveContext ctx)
    {
        values.Set(nameof(SsaSpikeDetectorOptions.Confidence), _options.Confidence)
            .Set(nameof(SsaSpikeDetectorOptions.PValueHistoryLength), _options.PValueHistoryLength)
            .Set(nameof(SsaSpikeDetectorOptions.Side), (int)_options.Side);
        SaveForecaster(values, _options);
        ChainFormat.WriteOptional(values, Detector);
    }

    private static SsaSpikeDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var values = LoadValues(ctx, GetVersionInfo(), Name);
        var (input, output, _) = ReadColumns(values);
        var options = new SsaSpikeDetectorOptions
        {
            InputColumnName = input,
            OutputColumnName = output,
            Confidence = values.RequiredDouble(nameof(SsaSpikeDetectorOptions.Confidence)),
            PValueHistoryLength = values.RequiredInt(nameof(SsaSpikeDetectorOptions.PValueHistoryLength)),
            Side = (SpikeSide)values.RequiredInt(nameof(SsaSpikeDetectorOptions.Side)),
        };
        var model = ReadForecaster(values, options);

        // The raw-score detector is what a chain wraps; without one the output is ML.NET's.
        var detector = ChainFormat.ReadOptional(values, new SsaDetector(model, options.ErrorFunction, options.Rule(rawScores: true)), options.PValueHistoryLength) as PostProcessedDetector;
        options.PostProcessing = detector is null ? null : PostProcessingOptions.Of(detector);
        return new SsaSpikeDetectorTransformer(options, model, detector ?? (IFittedDetector)new SsaDetector(model, options.ErrorFunction, options.Rule(rawScores: false)));
    }
}
