using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.PostProcessing;

namespace MLNetAnomaly.ML.Adapters;

/// <summary>The row-to-row form of an adapted detector: the inner mapper's row plus the prediction column.</summary>
internal sealed class AdaptedRowMapper : IRowToRowMapper
{
    private readonly IRowToRowMapper _inner;
    private readonly string _scoreColumnName;
    private readonly ScoreColumnLayout _layout;
    private readonly ScoreChain? _chain;

    internal AdaptedRowMapper(IRowToRowMapper inner, DataViewSchema outputSchema, string scoreColumnName, ScoreColumnLayout layout, ScoreChain? chain)
    {
        _inner = inner;
        OutputSchema = outputSchema;
        _scoreColumnName = scoreColumnName;
        _layout = layout;
        _chain = chain;
    }

    public DataViewSchema InputSchema => _inner.InputSchema;

    public DataViewSchema OutputSchema { get; }

    private int PredictionIndex => _inner.OutputSchema.Count;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
        => _inner.GetDependencies(InnerColumns(dependingColumns));

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        var active = activeColumns.ToList();
        var predictionActive = active.Any(c => c.Index >= PredictionIndex);
        var inner = _inner.GetRow(input, InnerColumns(active));
        // With a chain, the row is stateful like our detectors' mappers: each new position is the next point of one series.
        return new Row(this, inner, predictionActive ? ScoreColumnReader.Chained(ScoreColumnReader.Getter(inner, _scoreColumnName, _layout), _chain?.Start(), () => inner.Position) : null);
    }

    private IEnumerable<DataViewSchema.Column> InnerColumns(IEnumerable<DataViewSchema.Column> columns)
    {
        var list = columns.ToList();
        var inner = list.Where(c => c.Index < PredictionIndex).Select(c => _inner.OutputSchema[c.Index]);
        return list.Any(c => c.Index >= PredictionIndex)
            ? inner.Concat(ScoreColumnReader.Dependencies(_inner.OutputSchema, _scoreColumnName, _layout)).Distinct()
            : inner;
    }

    private sealed class Row : DataViewRow
    {
        private readonly AdaptedRowMapper _mapper;
        private readonly DataViewRow _inner;
        private readonly ValueGetter<VBuffer<double>>? _prediction;

        internal Row(AdaptedRowMapper mapper, DataViewRow inner, ValueGetter<VBuffer<double>>? prediction)
        {
            _mapper = mapper;
            _inner = inner;
            _prediction = prediction;
        }

        public override DataViewSchema Schema => _mapper.OutputSchema;

        public override long Position => _inner.Position;

        public override long Batch => _inner.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index < _mapper.PredictionIndex ? _inner.IsColumnActive(_inner.Schema[column.Index]) : _prediction is not null;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            => column.Index < _mapper.PredictionIndex ? _inner.GetGetter<TValue>(_inner.Schema[column.Index])
                : _prediction as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested, or a getter of {typeof(TValue).Name} was asked for instead of VBuffer<double>.");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
