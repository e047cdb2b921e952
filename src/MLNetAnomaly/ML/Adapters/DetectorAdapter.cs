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



/// <summary>An adapted estimator (<see cref="MLNetAnomalyCatalog.AsDetector"/>).</summary>
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
        var schema = inner.GetOutputSchema(input.Schema);
        ScoreColumnReader.Check(schema, _scoreColumnName, _layout);

        // A bare score (a scalar column with no alert column and no alert level) has no alert and no p-value of its
        // own to pass through: the chain derives both, rather than every row getting no alert and a NaN p-value.
        var postProcessing = _postProcessing ?? (IsBareScore(schema) ? new PostProcessingOptions() : null);
        var chain = postProcessing is null ? null : new ScoreChain(postProcessing.ToSettings(0), ScoreColumnReader.ReadScores(inner.Transform(input), _scoreColumnName, _layout), Array.Empty<double>(), Array.Empty<double>());
        return new DetectorAdapterTransformer(inner, _scoreColumnName, _outputColumnName, _layout, chain);
    }

    private bool IsBareScore(DataViewSchema schema)
        => schema[_scoreColumnName].Type is not VectorDataViewType && _layout.AlertColumnName is null && _layout.AlertAbove is null;

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
        // The inner model in sub-folder "Inner"; then one ModelValues payload: columns, score layout, and the
        // post-processing chain if there is one.
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.SaveModel(Inner, "Inner");
        var values = ModelValues.For(Name)
            .Set(nameof(ScoreColumnName), ScoreColumnName)
            .Set(nameof(OutputColumnName), OutputColumnName)
            .Set(nameof(Layout.AlertColumnName), Layout.AlertColumnName)
            .Set(nameof(Layout.ScoreSlot), Layout.ScoreSlot)
            .Set(nameof(Layout.AlertSlot), Layout.AlertSlot ?? -1)
            .Set(nameof(Layout.PValueSlot), Layout.PValueSlot ?? -1)
            .Set(nameof(Layout.LowerIsMoreAnomalous), Layout.LowerIsMoreAnomalous);
        if (Layout.AlertAbove is { } above)
        {
            values.Set(nameof(Layout.AlertAbove), above);
        }

        if (Chain is not null)
        {
            ChainFormat.Write(values, Chain);
        }

        values.Write(ctx.Writer);
    }

    private static VersionInfo GetVersionInfo() => ModelFormat.Version("MLNAADPT", LoaderSignature, typeof(DetectorAdapterTransformer));

    private static DetectorAdapterTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ModelFormat.CheckReadable(ctx, GetVersionInfo(), Name);
        var values = ModelValues.Read(ctx.Reader, Name);
        var defaults = new ScoreColumnLayout();
        var alertSlot = values.Int(nameof(ScoreColumnLayout.AlertSlot), defaults.AlertSlot ?? -1);
        var pValueSlot = values.Int(nameof(ScoreColumnLayout.PValueSlot), defaults.PValueSlot ?? -1);
        var layout = new ScoreColumnLayout
        {
            AlertColumnName = values.String(nameof(ScoreColumnLayout.AlertColumnName), defaults.AlertColumnName),
            ScoreSlot = values.Int(nameof(ScoreColumnLayout.ScoreSlot), defaults.ScoreSlot),
            AlertSlot = alertSlot < 0 ? null : alertSlot,
            PValueSlot = pValueSlot < 0 ? null : pValueSlot,
            AlertAbove = values.Has(nameof(ScoreColumnLayout.AlertAbove)) ? values.Double(nameof(ScoreColumnLayout.AlertAbove), 0) : defaults.AlertAbove,
            LowerIsMoreAnomalous = values.Bool(nameof(ScoreColumnLayout.LowerIsMoreAnomalous), defaults.LowerIsMoreAnomalous),
        };
        var chain = ChainFormat.ReadOptional(values, dimensions: null, contextLength: 0);
        var (score, output) = (values.RequiredString(nameof(ScoreColumnName)), values.RequiredString(nameof(OutputColumnName)));

        // The inner model last, once everything of ours has been read and checked.
        ctx.LoadModel<ITransformer, SignatureLoadModel>(env, out var inner, "Inner");
        return new DetectorAdapterTransformer(inner, score, output, layout, chain);
    }
}
