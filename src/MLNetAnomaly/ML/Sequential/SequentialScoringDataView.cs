using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Schema;

namespace MLNetAnomaly.ML.Sequential;

/// <summary>
/// The lazy, order-preserving result of <see cref="SequentialDetectorTransformer.Transform"/>. Each cursor walks
/// the source once for the pass-through columns and, when the prediction is wanted, a second source cursor over the
/// input column only, read a block ahead so that a block of windows goes through the network at once. A block's
/// scores depend only on values up to each row, so reading ahead never lets a later value change an earlier score.
/// </summary>
internal sealed class SequentialScoringDataView : IDataView
{
    /// <summary>Rows read ahead and scored together.</summary>
    internal const int BlockSize = 1024;

    private readonly IDataView _source;
    private readonly SequentialDetectorTransformer _parent;
    private readonly DataViewSchema.Column _inputColumn;

    internal SequentialScoringDataView(IDataView source, DataViewSchema schema, SequentialDetectorTransformer parent)
    {
        _source = source;
        _parent = parent;
        Schema = schema;
        _inputColumn = source.Schema[parent.InputColumnName];
    }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    private int PredictionIndex => _source.Schema.Count;

    /// <inheritdoc />
    public long? GetRowCount() => _source.GetRowCount();

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        var scoredNeeded = needed.Any(c => c.Index >= PredictionIndex);
        var expectedNeeded = needed.Any(c => c.Index > PredictionIndex);
        var passThrough = needed.Where(c => c.Index < PredictionIndex).Select(c => _source.Schema[c.Index]);
        var source = _source.GetRowCursor(passThrough);
        var lookahead = scoredNeeded ? _source.GetRowCursor(new[] { _inputColumn }) : null;
        return new Cursor(this, source, lookahead, expectedNeeded);
    }

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor, IScoredRow
    {
        private readonly SequentialScoringDataView _view;
        private readonly DataViewRowCursor _source;
        private readonly DataViewRowCursor? _lookahead;
        private readonly InputColumn.SpanReader? _lookaheadReader;
        private readonly IDetectorSession? _session;
        private readonly int _dimensions;
        private readonly float[] _values;
        private readonly DetectorOutput[] _outputs = new DetectorOutput[BlockSize];
        private readonly float[] _expected;
        private int _filled;
        private int _index = -1;
        private bool _disposed;

        internal Cursor(SequentialScoringDataView view, DataViewRowCursor source, DataViewRowCursor? lookahead, bool expectedNeeded)
        {
            _view = view;
            _source = source;
            _lookahead = lookahead;
            _dimensions = view._parent.Detector.Dimensions;
            _values = new float[BlockSize * _dimensions];
            _expected = expectedNeeded ? new float[BlockSize * _dimensions] : Array.Empty<float>();
            if (lookahead is not null)
            {
                _lookaheadReader = InputColumn.Reader(lookahead, view._inputColumn, _dimensions);
                _session = view._parent.Detector.CreateSession(ScoringMode.Batch);
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _source.Position;

        public override long Batch => _source.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => PredictionGetters.IsActive(_source, column, _session is null ? null : this);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            => PredictionGetters.Get<TValue>(_source, column, _session is null ? null : this);

        public override bool MoveNext()
        {
            if (!_source.MoveNext())
            {
                return false;
            }

            if (_session is not null && ++_index >= _filled)
            {
                ReadAheadAndScore();
            }

            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (_disposed)
            {
                return;
            }

            if (disposing)
            {
                _source.Dispose();
                _lookahead?.Dispose();
                _session?.Dispose();
            }

            _disposed = true;
            base.Dispose(disposing);
        }

        private void ReadAheadAndScore()
        {
            _filled = 0;
            while (_filled < BlockSize && _lookahead!.MoveNext())
            {
                _lookaheadReader!(_values.AsSpan(_filled * _dimensions, _dimensions));
                _filled++;
            }

            if (_filled == 0)
            {
                throw new InvalidOperationException("The source data returned fewer rows on its second pass than on its first; detectors need a source that can be read twice in the same order.");
            }

            var expected = _expected.Length == 0 ? Span<float>.Empty : _expected.AsSpan(0, _filled * _dimensions);
            _session!.Score(_values.AsSpan(0, _filled * _dimensions), _outputs.AsSpan(0, _filled), expected);
            _index = 0;
        }

        public bool ExpectedActive => _expected.Length > 0;

        public void GetPrediction(ref VBuffer<double> value)
        {
            CheckOnRow();
            PredictionWriter.Write(_outputs[_index], ref value, _view._parent.PredictionSize);
        }

        public void GetExpected(ref float value)
        {
            CheckOnRow();
            value = _expected[_index];
        }

        public void GetExpected(ref VBuffer<float> value)
        {
            CheckOnRow();
            PredictionWriter.Write(_expected.AsSpan(_index * _dimensions, _dimensions), ref value);
        }

        private void CheckOnRow()
        {
            if (_source.Position < 0)
            {
                throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
            }
        }
    }
}
