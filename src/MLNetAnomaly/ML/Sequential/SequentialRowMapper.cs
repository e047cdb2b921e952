using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Schema;

namespace MLNetAnomaly.ML.Sequential;

/// <summary>
/// The row-to-row form of a detector, used by <c>PredictionEngine</c>. Each row it maps (each new position of the
/// input row) is the next point of one series: the mapper keeps the window between calls, like ML.NET's time-series
/// prediction engines. One engine per series; create a new one to start a new series.
/// </summary>
internal sealed class SequentialRowMapper : IRowToRowMapper
{
    private readonly SequentialDetectorTransformer _parent;

    internal SequentialRowMapper(DataViewSchema inputSchema, DataViewSchema outputSchema, SequentialDetectorTransformer parent)
    {
        InputSchema = inputSchema;
        OutputSchema = outputSchema;
        _parent = parent;
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    private int PredictionIndex => InputSchema.Count;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = new HashSet<int>();
        foreach (var column in dependingColumns)
        {
            needed.Add(column.Index >= PredictionIndex ? InputSchema[_parent.InputColumnName].Index : column.Index);
        }

        return needed.Select(i => InputSchema[i]);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        var active = activeColumns.ToList();
        return new Row(this, input, active.Any(c => c.Index >= PredictionIndex), active.Any(c => c.Index > PredictionIndex));
    }

    private sealed class Row : DataViewRow, IScoredRow
    {
        private readonly SequentialRowMapper _mapper;
        private readonly DataViewRow _input;
        private readonly IDetectorSession? _session;
        private readonly InputColumn.SpanReader? _inputReader;
        private readonly float[] _value;
        private readonly DetectorOutput[] _output = new DetectorOutput[1];
        private readonly float[] _expected;
        private long _scoredPosition = -1;

        internal Row(SequentialRowMapper mapper, DataViewRow input, bool predictionActive, bool expectedActive)
        {
            _mapper = mapper;
            _input = input;
            var dimensions = mapper._parent.Detector.Dimensions;
            _value = new float[dimensions];
            _expected = expectedActive ? new float[dimensions] : Array.Empty<float>();
            if (predictionActive)
            {
                _inputReader = InputColumn.Reader(input, input.Schema[mapper._parent.InputColumnName], dimensions);
                _session = mapper._parent.Detector.CreateSession(ScoringMode.PointByPoint);
            }
        }

        public override DataViewSchema Schema => _mapper.OutputSchema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => PredictionGetters.IsActive(_input, column, _session is null ? null : this);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            => PredictionGetters.Get<TValue>(_input, column, _session is null ? null : this);

        public bool ExpectedActive => _expected.Length > 0;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _session?.Dispose();
            }

            base.Dispose(disposing);
        }

        public void GetPrediction(ref VBuffer<double> value)
        {
            ScoreCurrentRow();
            PredictionWriter.Write(_output[0], ref value, _mapper._parent.PredictionSize);
        }

        public void GetExpected(ref float value)
        {
            ScoreCurrentRow();
            value = _expected[0];
        }

        public void GetExpected(ref VBuffer<float> value)
        {
            ScoreCurrentRow();
            PredictionWriter.Write(_expected, ref value);
        }

        private void ScoreCurrentRow()
        {
            // The first read at a new position feeds that row's value to the series; later reads reuse the result.
            if (_input.Position != _scoredPosition)
            {
                _inputReader!(_value);
                _session!.Score(_value, _output, _expected);
                _scoredPosition = _input.Position;
            }
        }
    }
}
