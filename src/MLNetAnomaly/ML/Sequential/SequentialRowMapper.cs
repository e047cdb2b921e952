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

    private int PredictionIndex => OutputSchema.Count - 1;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = new HashSet<int>();
        foreach (var column in dependingColumns)
        {
            needed.Add(column.Index == PredictionIndex ? InputSchema[_parent.InputColumnName].Index : column.Index);
        }

        return needed.Select(i => InputSchema[i]);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
        => new Row(this, input, activeColumns.Any(c => c.Index == PredictionIndex));

    private sealed class Row : DataViewRow
    {
        private readonly SequentialRowMapper _mapper;
        private readonly DataViewRow _input;
        private readonly IDetectorSession? _session;
        private readonly InputColumn.SpanReader? _inputReader;
        private readonly float[] _value;
        private readonly DetectorOutput[] _output = new DetectorOutput[1];
        private long _scoredPosition = -1;

        internal Row(SequentialRowMapper mapper, DataViewRow input, bool predictionActive)
        {
            _mapper = mapper;
            _input = input;
            var dimensions = mapper._parent.Detector.Dimensions;
            _value = new float[dimensions];
            if (predictionActive)
            {
                _inputReader = InputColumn.Reader(input, input.Schema[mapper._parent.InputColumnName], dimensions);
                _session = mapper._parent.Detector.CreateSession(streaming: true);
            }
        }

        public override DataViewSchema Schema => _mapper.OutputSchema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => PredictionGetters.IsActive(_input, column, _mapper.PredictionIndex, _session is not null);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            => PredictionGetters.Get<TValue>(_input, column, _mapper.PredictionIndex, _session is null ? null : GetPrediction);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _session?.Dispose();
            }

            base.Dispose(disposing);
        }

        private void GetPrediction(ref VBuffer<double> value)
        {
            // The first read at a new position feeds that row's value to the series; later reads reuse the result.
            if (_input.Position != _scoredPosition)
            {
                _inputReader!(_value);
                _session!.Score(_value, _output);
                _scoredPosition = _input.Position;
            }

            PredictionWriter.Write(_output[0], ref value);
        }
    }
}
