using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.ML.Schema;

namespace MLNetAnomaly.ML.Adapters;

/// <summary>
/// The output of an adapted estimator's transformer with the standard prediction column [Alert, Score, P-Value]
/// added last, read row by row from its score column (through the post-processing chain, if the adapter has one: the
/// chain then sees every row in order, whether or not the prediction is read there). Lazy; rows keep their order.
/// </summary>
internal sealed class AdaptedScoringDataView : IDataView
{
    private readonly IDataView _source;
    private readonly string _scoreColumnName;
    private readonly ScoreColumnLayout _layout;
    private readonly ScoreChain? _chain;

    internal AdaptedScoringDataView(IDataView source, string scoreColumnName, string outputColumnName, ScoreColumnLayout layout, ScoreChain? chain)
    {
        _source = source;
        _scoreColumnName = scoreColumnName;
        _layout = layout;
        _chain = chain;
        Schema = PredictionColumn.Append(source.Schema, outputColumnName);
    }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public long? GetRowCount() => _source.GetRowCount();

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        var predictionNeeded = needed.Any(c => c.Index >= _source.Schema.Count);
        var sourceColumns = needed.Where(c => c.Index < _source.Schema.Count).Select(c => _source.Schema[c.Index]);
        if (predictionNeeded)
        {
            sourceColumns = sourceColumns.Concat(ScoreColumnReader.Dependencies(_source.Schema, _scoreColumnName, _layout));
        }

        return new Cursor(this, _source.GetRowCursor(sourceColumns.Distinct()), predictionNeeded);
    }

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : AppendedColumnsCursor
    {
        private readonly ValueGetter<VBuffer<double>>? _prediction;
        private readonly bool _chained;
        private VBuffer<double> _current;

        internal Cursor(AdaptedScoringDataView view, DataViewRowCursor source, bool predictionNeeded)
            : base(source, view.Schema)
        {
            _chained = predictionNeeded && view._chain is not null;
            _prediction = predictionNeeded ? ScoreColumnReader.Chained(ScoreColumnReader.Getter(source, view._scoreColumnName, view._layout), view._chain?.Start(), () => Source.Position) : null;
        }

        public override bool MoveNext()
        {
            if (!base.MoveNext())
            {
                return false;
            }

            if (_chained)
            {
                // The chain is stateful: every row passes through it, in order, even if the caller skips reading one.
                _prediction!(ref _current);
            }

            return true;
        }

        private protected override bool IsAppendedActive(DataViewSchema.Column column) => _prediction is not null;

        private protected override ValueGetter<TValue> GetAppendedGetter<TValue>(DataViewSchema.Column column)
            => _prediction as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' holds VBuffer<double> and must be requested when the cursor is created; a getter of {typeof(TValue).Name} was asked for.");
    }
}
