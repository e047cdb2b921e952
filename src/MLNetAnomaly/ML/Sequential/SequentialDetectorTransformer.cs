using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Persistence;
using MLNetAnomaly.ML.Schema;
using MLNetAnomaly.ML.Sequential;

namespace MLNetAnomaly;

/// <summary>
/// Base of every fitted detector: an order-preserving ML.NET transformer that adds a prediction column
/// [Alert, Score, P-Value] to its input. <see cref="Transform"/> is lazy: its cursor walks the rows in order and
/// scores each from that row and the rows before it (never from later rows). As a row-to-row mapper (for
/// <c>PredictionEngine</c>) each prediction is the next point of one series.
/// </summary>
public abstract class SequentialDetectorTransformer : ITransformer, IDisposable
{
    private bool _disposed;

    private protected SequentialDetectorTransformer(string inputColumnName, string outputColumnName, IFittedDetector detector, string? expectedValueColumnName = null)
    {
        if (expectedValueColumnName is not null && !detector.ProvidesExpectedValues)
        {
            throw new ArgumentException("This detector does not produce expected values; leave ExpectedValueColumnName unset.", nameof(expectedValueColumnName));
        }

        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        ExpectedValueColumnName = expectedValueColumnName;
        Detector = detector;
    }

    /// <summary>The column of <see cref="float"/> values the detector reads.</summary>
    public string InputColumnName { get; }

    /// <summary>
    /// The column the detector adds: a vector of three doubles [Alert, Score, P-Value] (four for IID change point with
    /// ML.NET's output: the martingale after them).
    /// </summary>
    public string OutputColumnName { get; }

    /// <summary>
    /// The optional column of expected values (forecast or reconstruction, in the input's units and shape) added
    /// after <see cref="OutputColumnName"/>, or null when the detector adds none.
    /// </summary>
    public string? ExpectedValueColumnName { get; }

    /// <summary>How many leading rows get the warm-up prediction [0, 0, 0.5] before a full window of history exists.</summary>
    public int WarmUpLength => Detector.WarmUpLength;

    /// <summary>Always true: the transformer can map single rows, each one being the next point of a series.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The fitted detector behind this transformer.</summary>
    internal IFittedDetector Detector { get; }

    /// <summary>
    /// The post-processing options the detector's raw scores go through, or null when the detector gives its own
    /// output (the managed built-ins with ML.NET's slot meanings).
    /// </summary>
    public PostProcessingOptions? PostProcessing => PostProcessingOptions.Of(Detector);

    /// <summary>
    /// Whether the alert rule could fit what it was asked for: false when SPOT was chosen but the training scores were
    /// too few or too tied to fit a tail, so alerts use the score threshold instead. Null without post-processing.
    /// </summary>
    public bool? AlertRuleFitted => (Detector as PostProcessedDetector)?.Chain is { } chain ? chain.Settings.Threshold != AlertThreshold.Spot || chain.Alerts.UsesSpot : null;

    /// <summary>The names of the prediction column's three slots.</summary>
    private protected virtual IReadOnlyList<string> SlotNames => PredictionColumn.SlotNames;

    /// <summary>Slots in the prediction column: 3, or 4 for a change-point detector with ML.NET's output (the martingale).</summary>
    internal int PredictionSize => SlotNames.Count;

    /// <summary>True when the third slot is a p-value (false for SR's and SR-CNN's ML.NET output, a magnitude).</summary>
    internal bool ThirdSlotIsPValue => SlotNames[2] == PredictionColumn.SlotNames[2];

    private protected abstract string ComponentName { get; }

    private protected abstract VersionInfo VersionInfo { get; }

    /// <summary>The output schema: the input's columns plus the prediction column.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var input = InputColumn.Require(inputSchema, InputColumnName, Detector.Dimensions, nameof(inputSchema));
        var output = PredictionColumn.Append(inputSchema, OutputColumnName, SlotNames);
        return ExpectedValueColumnName is null ? output : ExpectedValueColumn.Append(output, ExpectedValueColumnName, input.Type);
    }

    /// <summary>Returns a lazy view of <paramref name="input"/> with the prediction column added; rows keep their order.</summary>
    /// <param name="input">The data to score, in time order.</param>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new SequentialScoringDataView(input, GetOutputSchema(input.Schema), this);
    }

    /// <summary>A stateful mapper: every row it maps is treated as the next point of one series.</summary>
    /// <param name="inputSchema">The schema of the rows to map.</param>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new SequentialRowMapper(inputSchema, GetOutputSchema(inputSchema), this);
    }

    /// <summary>Writes the transformer into an ML.NET model file (called by <c>mlContext.Model.Save</c>).</summary>
    /// <param name="ctx">ML.NET's save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        // After ML.NET's header, one ModelValues payload (named values with a digest): the column names, then what
        // the subclass adds (SaveValues).
        ObjectDisposedException.ThrowIf(_disposed, this);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(VersionInfo);
        var values = ModelValues.For(ComponentName)
            .Set(nameof(InputColumnName), InputColumnName)
            .Set(nameof(OutputColumnName), OutputColumnName)
            .Set(nameof(ExpectedValueColumnName), ExpectedValueColumnName);
        SaveValues(values, ctx);
        values.Write(ctx.Writer);
    }

    /// <summary>
    /// Releases the network and any native memory it holds. Note that ML.NET's <c>PredictionEngine</c> disposes the
    /// transformer it was created from when it is disposed itself.
    /// </summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            Detector.Dispose();
            _disposed = true;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Adds what the subclass needs to rebuild <see cref="Detector"/>: its fitted state and the options that change
    /// scoring. Sub-models (an ensemble's members) are saved through <paramref name="ctx"/>.
    /// </summary>
    private protected abstract void SaveValues(ModelValues values, ModelSaveContext ctx);

    /// <summary>Checks the header and reads (and verifies) the payload written by <see cref="ICanSaveModel.Save"/>.</summary>
    private protected static ModelValues LoadValues(ModelLoadContext ctx, VersionInfo version, string componentName)
    {
        ModelFormat.CheckReadable(ctx, version, componentName);
        return ModelValues.Read(ctx.Reader, componentName);
    }

    /// <summary>The saved column names, as (input, output, expected-value or null).</summary>
    private protected static (string Input, string Output, string? Expected) ReadColumns(ModelValues values)
        => (values.RequiredString(nameof(InputColumnName)), values.RequiredString(nameof(OutputColumnName)), values.String(nameof(ExpectedValueColumnName), null));

    /// <summary>Sets the saved column names on deep detector options.</summary>
    private protected static void ReadColumns(ModelValues values, DeepDetectorOptions options)
        => (options.InputColumnName, options.OutputColumnName, options.ExpectedValueColumnName) = ReadColumns(values);
}
