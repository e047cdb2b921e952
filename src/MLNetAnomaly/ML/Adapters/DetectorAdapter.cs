using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Adapters;
using MLNetAnomaly.ML.Persistence;
using MLNetAnomaly.ML.Schema;

[assembly: LoadableClass(typeof(DetectorAdapterTransformer), null, typeof(SignatureLoadModel), "Detector adapter", DetectorAdapterTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>Turns any ML.NET estimator with a numeric score column into a detector MLNetAnomaly can compare, evaluate and select.</summary>
public static class DetectorAdapterExtensions
{
    /// <summary>
    /// Wraps <paramref name="estimator"/> so that, after its own columns, its transformer adds the standard prediction
    /// column [Alert, Score, P-Value] read from <paramref name="scoreColumnName"/>. Works with ML.NET's
    /// time-series detectors (<c>DetectIidSpike</c>, <c>DetectSpikeBySsa</c>, <c>DetectAnomalyBySrCnn</c>: the
    /// default layout), with anomaly trainers such as <c>RandomizedPca</c> (score column "Score", alerts from
    /// "PredictedLabel") and with any transform that yields a score.
    /// </summary>
    /// <param name="estimator">The estimator to adapt.</param>
    /// <param name="scoreColumnName">Its output column with the score: Single or Double, or a known-size vector of them.</param>
    /// <param name="outputColumnName">The prediction column to add. Default "Prediction".</param>
    /// <param name="layout">Where the score, alert and p-value are. Default: ML.NET's [Alert, Score, P-Value] vector.</param>
    /// <param name="postProcessing">
    /// Null (the default) passes the estimator's own score, alert and p-value through. Set, its score (oriented by the
    /// layout) is the raw score of the library's post-processing chain, fitted on the training data's scores, so the
    /// output means what every other detector's does: [Alert, Score, P-Value] on the chain's common scale. The range
    /// rule does not apply (the adapter does not know the estimator's input column).
    /// </param>
    /// <returns>An estimator whose transformer adds the prediction column.</returns>
    public static DetectorAdapterEstimator AsDetector(this IEstimator<ITransformer> estimator, string scoreColumnName, string outputColumnName = "Prediction", ScoreColumnLayout? layout = null, PostProcessingOptions? postProcessing = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        Guard.NotEmpty(scoreColumnName, nameof(scoreColumnName));
        Guard.NotEmpty(outputColumnName, nameof(outputColumnName));
        var chain = postProcessing?.Clone();
        chain?.Validate();
        return new DetectorAdapterEstimator(estimator, scoreColumnName, outputColumnName, (layout ?? new ScoreColumnLayout()).Clone(), chain);
    }
}

/// <summary>An adapted estimator (<see cref="DetectorAdapterExtensions.AsDetector"/>).</summary>
public sealed class DetectorAdapterEstimator : IEstimator<DetectorAdapterTransformer>
{
    private readonly IEstimator<ITransformer> _inner;
    private readonly string _scoreColumnName;
    private readonly string _outputColumnName;
    private readonly ScoreColumnLayout _layout;
    private readonly PostProcessingOptions? _postProcessing;

    internal DetectorAdapterEstimator(IEstimator<ITransformer> inner, string scoreColumnName, string outputColumnName, ScoreColumnLayout layout, PostProcessingOptions? postProcessing)
    {
        _inner = inner;
        _scoreColumnName = scoreColumnName;
        _outputColumnName = outputColumnName;
        _layout = layout;
        _postProcessing = postProcessing;
    }

    /// <summary>
    /// Fits the adapted estimator, checks that its output has the score column the layout describes, and (with
    /// post-processing) fits the chain on the scores it gives <paramref name="input"/>.
    /// </summary>
    /// <param name="input">The training data.</param>
    public DetectorAdapterTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inner = _inner.Fit(input);
        ScoreColumnReader.Check(inner.GetOutputSchema(input.Schema), _scoreColumnName, _layout);
        var chain = _postProcessing is null ? null : new ScoreChain(_postProcessing.ToSettings(0), ScoreColumnReader.ReadScores(inner.Transform(input), _scoreColumnName, _layout), Array.Empty<double>(), Array.Empty<double>());
        return new DetectorAdapterTransformer(inner, _scoreColumnName, _outputColumnName, _layout, chain);
    }

    /// <summary>The adapted estimator's output shape plus the prediction column.</summary>
    /// <param name="inputSchema">The shape of the data.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var inner = _inner.GetOutputSchema(inputSchema);
        if (!inner.TryFindColumn(_scoreColumnName, out _))
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), _scoreColumnName, $"Score column '{_scoreColumnName}' is not in the adapted estimator's output.");
        }

        return PredictionColumn.Append(inner, _outputColumnName);
    }
}

/// <summary>A fitted adapted estimator: its transformer's output plus [Alert, Score, P-Value]; saves and loads with the inner model.</summary>
public sealed class DetectorAdapterTransformer : ITransformer
{
    internal const string LoaderSignature = "MLNetAnomalyAdapter";
    private const string Name = "detector adapter";
    private const uint FirstFormat = 0x00010001;
    private const uint ChainFormatVersion = 0x00010002;

    internal DetectorAdapterTransformer(ITransformer inner, string scoreColumnName, string outputColumnName, ScoreColumnLayout layout, ScoreChain? chain)
    {
        Inner = inner;
        ScoreColumnName = scoreColumnName;
        OutputColumnName = outputColumnName;
        Layout = layout;
        Chain = chain;
    }

    /// <summary>The post-processing options the adapted scores go through, or null when they pass through as they are.</summary>
    public PostProcessingOptions? PostProcessing => Chain is null ? null : PostProcessingOptions.From(Chain.Settings);

    /// <summary>The adapted transformer.</summary>
    public ITransformer Inner { get; }

    /// <summary>The inner output column the score is read from.</summary>
    public string ScoreColumnName { get; }

    /// <summary>The prediction column added.</summary>
    public string OutputColumnName { get; }

    /// <summary>Whether the inner transformer can map single rows.</summary>
    public bool IsRowToRowMapper => Inner.IsRowToRowMapper;

    private ScoreColumnLayout Layout { get; }

    /// <summary>The fitted post-processing chain, or null.</summary>
    private ScoreChain? Chain { get; }

    /// <summary>The inner output schema plus the prediction column.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        var inner = Inner.GetOutputSchema(inputSchema);
        ScoreColumnReader.Check(inner, ScoreColumnName, Layout);
        return PredictionColumn.Append(inner, OutputColumnName);
    }

    /// <summary>Transforms with the inner transformer, then adds the prediction column (lazily, in row order).</summary>
    /// <param name="input">The data.</param>
    public IDataView Transform(IDataView input)
    {
        var inner = Inner.Transform(input);
        ScoreColumnReader.Check(inner.Schema, ScoreColumnName, Layout);
        return new AdaptedScoringDataView(inner, ScoreColumnName, OutputColumnName, Layout, Chain);
    }

    /// <summary>The inner row mapper with the prediction column added.</summary>
    /// <param name="inputSchema">The schema of the rows to map.</param>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => new AdaptedRowMapper(Inner.GetRowToRowMapper(inputSchema), GetOutputSchema(inputSchema), ScoreColumnName, Layout, Chain);

    /// <summary>Writes the inner model and the layout into an ML.NET model file.</summary>
    /// <param name="ctx">ML.NET's save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        // Layout: the inner model in sub-folder "Inner"; then strings score column, output column, alert column or
        // null (string table); int32 score slot, alert slot (-1 none), p-value slot (-1 none); bool has alert-above,
        // double alert-above; bool lower is more anomalous; then (from 0x00010002) bool has post-processing and, if so,
        // the chain (ChainFormat).
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.SaveModel(Inner, "Inner");
        ctx.SaveNonEmptyString(ScoreColumnName);
        ctx.SaveNonEmptyString(OutputColumnName);
        ctx.SaveStringOrNull(Layout.AlertColumnName);
        ctx.Writer.Write(Layout.ScoreSlot);
        ctx.Writer.Write(Layout.AlertSlot ?? -1);
        ctx.Writer.Write(Layout.PValueSlot ?? -1);
        ctx.Writer.Write(Layout.AlertAbove.HasValue);
        ctx.Writer.Write(Layout.AlertAbove ?? 0);
        ctx.Writer.Write(Layout.LowerIsMoreAnomalous);
        ctx.Writer.Write(Chain is not null);
        if (Chain is not null)
        {
            ChainFormat.Write(ctx.Writer, Chain);
        }
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLNAADPT",
        verWrittenCur: ChainFormatVersion,
        verReadableCur: FirstFormat,
        verWeCanReadBack: FirstFormat,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(DetectorAdapterTransformer).Assembly.FullName);

    private static DetectorAdapterTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ModelFormat.CheckReadable(ctx, GetVersionInfo(), Name);
        ctx.LoadModel<ITransformer, SignatureLoadModel>(env, out var inner, "Inner");
        var reader = ctx.Reader;
        return ModelFormat.Read(Name, () =>
        {
            var score = ctx.LoadNonEmptyString();
            var output = ctx.LoadNonEmptyString();
            var layout = new ScoreColumnLayout { AlertColumnName = ctx.LoadStringOrNull(), ScoreSlot = reader.ReadInt32() };
            var alertSlot = reader.ReadInt32();
            var pValueSlot = reader.ReadInt32();
            layout.AlertSlot = alertSlot < 0 ? null : alertSlot;
            layout.PValueSlot = pValueSlot < 0 ? null : pValueSlot;
            var hasAbove = reader.ReadBoolean();
            var above = reader.ReadDouble();
            layout.AlertAbove = hasAbove ? above : null;
            layout.LowerIsMoreAnomalous = reader.ReadBoolean();
            var chain = ctx.Header.ModelVerWritten > FirstFormat && reader.ReadBoolean() ? ChainFormat.Read(reader, Name) : null;
            return new DetectorAdapterTransformer(inner, score, output, layout, chain);
        });
    }
}
