using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Torch.Networks;
using MLNetAnomaly.Torch.Networks.Recurrent;
using MLNetAnomaly.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Detection;

/// <summary>
/// A trained window network used as a raw detector. Each row's errors (its forecast errors, one per dimension and
/// forecast made for it, or the reconstruction error of the window ending at it) are each divided by their
/// root-mean-square training error and combined as the root mean square: that combined error is the row's raw score
/// (the Score slot; Alert is 0 and P-Value NaN), which the post-processing chain turns into the detector's output.
/// </summary>
internal sealed class TorchWindowDetector : IFittedDetector
{
    private readonly WindowNetwork _network;
    private readonly Device _device;

    /// <summary>Wraps a trained network (in evaluation mode, on <paramref name="device"/>).</summary>
    internal TorchWindowDetector(WindowNetwork network, Device device, SeriesScaler scaler, double[] errorScales, int inferenceBatchSize)
    {
        _network = network;
        _device = device;
        Scaler = scaler;
        ErrorScales = errorScales;
        InferenceBatchSize = inferenceBatchSize;
    }

    /// <summary>The network's shape.</summary>
    internal NetworkShape Shape => _network.Shape;

    /// <summary>The input standardisation learned at fit time.</summary>
    internal SeriesScaler Scaler { get; }

    /// <summary>Root-mean-square training error of each error component (<see cref="WindowNetwork.ErrorComponents"/>).</summary>
    internal double[] ErrorScales { get; }

    /// <summary>Windows per forward pass when scoring a batch of rows.</summary>
    internal int InferenceBatchSize { get; }

    /// <summary>How long the training epochs took at fit time (zero for a loaded model; not saved). For benchmarks.</summary>
    internal TimeSpan EpochTime { get; init; }

    /// <summary>The trained network.</summary>
    internal WindowNetwork Network => _network;

    /// <summary>
    /// Learning while scoring: when set, each session trains its own copy of the network (built by
    /// <see cref="BuildCopy"/>) as it scores. Null (frozen weights) by default.
    /// </summary>
    internal OnlineLearningSettings? OnlineLearning { get; init; }

    /// <summary>Builds an untrained network of the same architecture and shape (needed with <see cref="OnlineLearning"/>).</summary>
    internal Func<WindowNetwork>? BuildCopy { get; init; }

    /// <inheritdoc />
    public int Dimensions => Shape.Dimensions;

    /// <inheritdoc />
    public int WarmUpLength => _network.WarmUpLength;

    /// <inheritdoc />
    public bool ProvidesExpectedValues => true;

    /// <summary>Per-component error scales and the combined error of each row, from (rows, components) errors.</summary>
    internal static (double[] Scales, float[] Combined) CombineTrainingErrors(float[] errors, int dimensions)
    {
        var count = errors.Length / dimensions;
        var scales = new double[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            var sum = 0.0;
            for (var w = 0; w < count; w++)
            {
                sum += (double)errors[(w * dimensions) + d] * errors[(w * dimensions) + d];
            }

            scales[d] = Math.Max(Math.Sqrt(sum / count), 1e-12);
        }

        var combined = new float[count];
        for (var w = 0; w < count; w++)
        {
            combined[w] = (float)Combine(errors.AsSpan(w * dimensions, dimensions), scales);
        }

        return (scales, combined);
    }

    /// <inheritdoc />
    public IDetectorSession CreateSession(ScoringMode mode)
    {
        var learner = NewLearner();
        try
        {
            return new Session(this, mode != ScoringMode.Batch, mode == ScoringMode.Incremental && SupportsIncremental, learner);
        }
        catch
        {
            learner?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public bool SupportsIncremental => _network is IStepNetwork && Shape.Horizon == 1;

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    /// <summary>A learner on a fresh copy of the fitted weights, or null when the detector does not learn while scoring.</summary>
    private OnlineLearner? NewLearner()
    {
        if (OnlineLearning is null)
        {
            return null;
        }

        var build = BuildCopy ?? throw new InvalidOperationException("A detector that learns while scoring needs a way to copy its network.");
        var copy = TorchSeeding.BuildUnseeded(build);
        try
        {
            using (no_grad())
            {
                copy.load_state_dict(_network.state_dict());
            }

            copy.to(_device);
            return new OnlineLearner(copy, _device, OnlineLearning, () => TorchSeeding.BuildUnseeded(build));
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    private static double Combine(ReadOnlySpan<float> errors, double[] scales)
    {
        var sum = 0.0;
        for (var d = 0; d < errors.Length; d++)
        {
            var relative = errors[d] / scales[d];
            sum += relative * relative;
        }

        return Math.Sqrt(sum / errors.Length);
    }

    /// <summary>
    /// Keeps the last window of scaled rows and scores blocks of new rows with one forward pass each. Outside
    /// streaming mode every block is padded to the block size, so a row's score never depends on how many rows follow
    /// it. When carrying recurrent state, each row is instead one step of the recurrent network from the state left by
    /// the previous row, and is judged against the forecast that step made before it. When learning while scoring,
    /// blocks end where updates fall (every <see cref="OnlineLearner.UpdateInterval"/> rows since the session began),
    /// so each row is scored by the same weights whatever the calls' sizes, and an update learns only from rows
    /// already scored.
    /// </summary>
    private sealed class Session : IDetectorSession
    {
        private const int StateFormat = 2;
        private const int LearningStateFormat = 3;
        private readonly TorchWindowDetector _owner;
        private readonly WindowNetwork _network;
        private readonly OnlineLearner? _learner;
        private readonly int _block;
        private readonly bool _streaming;
        private readonly int _dimensions;
        private readonly int _components;
        private readonly int _history;
        private readonly float[] _buffer;
        private readonly float[] _errors;
        private readonly float[] _expected;
        private readonly bool[] _missing;
        private readonly float[] _lastValid;
        private readonly RecurrentState? _state;
        private readonly float[] _forecast;
        private readonly Tensor? _point;
        private long _seen;

        internal Session(TorchWindowDetector owner, bool streaming, bool carryState, OnlineLearner? learner)
        {
            _owner = owner;
            _learner = learner;
            _network = learner?.Network ?? owner._network;
            _block = learner is null ? owner.InferenceBatchSize : Math.Min(owner.InferenceBatchSize, learner.UpdateInterval);
            _streaming = streaming;
            _dimensions = owner.Shape.Dimensions;
            _components = _network.ErrorComponents;
            _history = _network.History;
            _buffer = new float[(_history + owner.InferenceBatchSize) * _dimensions];
            _errors = new float[owner.InferenceBatchSize * _components];
            _expected = new float[owner.InferenceBatchSize * _dimensions];
            _missing = new bool[owner.InferenceBatchSize];
            _lastValid = new float[_dimensions];
            _forecast = new float[_dimensions];
            if (carryState)
            {
                _state = ((IStepNetwork)_network).CreateState(owner._device);
                _point = zeros(new long[] { 1, 1, _dimensions }, device: owner._device).DetachFromDisposeScope();
            }
        }

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            var rows = values.Length / _dimensions;
            if (_state is not null)
            {
                for (var j = 0; j < rows; j++)
                {
                    ScoreCarried(values.Slice(j * _dimensions, _dimensions), out outputs[j], expected.IsEmpty ? Span<float>.Empty : expected.Slice(j * _dimensions, _dimensions));
                    Learn(_lastValid);
                }

                return;
            }

            for (var offset = 0; offset < rows;)
            {
                var count = Math.Min(_block, rows - offset);
                if (_learner is not null)
                {
                    count = Math.Min(count, _learner.UpdateInterval - (int)(_seen % _learner.UpdateInterval));
                }

                var blockExpected = expected.IsEmpty ? Span<float>.Empty : expected.Slice(offset * _dimensions, count * _dimensions);
                ScoreBlock(values.Slice(offset * _dimensions, count * _dimensions), outputs.Slice(offset, count), blockExpected);
                offset += count;
            }
        }

        public void SaveState(BinaryWriter writer)
        {
            // Layout: int32 state format (3 when learning while scoring), bool carries state, the window of scaled
            // rows, the last valid row, int64 rows seen, then (carrying) the recurrent state and the pending forecast,
            // then (learning) the learner's recent rows, adapted weights and optimiser state.
            writer.Write(_learner is null ? StateFormat : LearningStateFormat);
            writer.Write(_state is not null);
            SessionState.Write(writer, _buffer.AsSpan(0, _history * _dimensions));
            SessionState.Write(writer, _lastValid);
            writer.Write(_seen);
            if (_state is not null)
            {
                _state.SaveState(writer);
                SessionState.Write(writer, _forecast);
            }

            _learner?.Save(writer);
        }

        public void RestoreState(BinaryReader reader)
        {
            var format = reader.ReadInt32();
            if (format is not (StateFormat or LearningStateFormat))
            {
                throw new InvalidDataException("The checkpoint's detector state has an unknown format.");
            }

            if ((format == LearningStateFormat) != _learner is not null)
            {
                throw new InvalidDataException(_learner is null
                    ? "The checkpoint was written by a detector that learns while scoring (OnlineLearning), and this one does not; restore it with the model it was written with."
                    : "The checkpoint was written by a detector that does not learn while scoring, and this one does (OnlineLearning); restore it with the model it was written with.");
            }

            if (reader.ReadBoolean() != _state is not null)
            {
                throw new InvalidDataException(_state is null
                    ? "The checkpoint was written by an engine that carries recurrent state; create this engine with CarryRecurrentState = true."
                    : "The checkpoint was written by an engine that recomputes windows; create this engine with CarryRecurrentState = false.");
            }

            SessionState.Read(reader, _buffer.AsSpan(0, _history * _dimensions));
            SessionState.Read(reader, _lastValid);
            _seen = reader.ReadInt64();
            if (_state is not null)
            {
                _state.RestoreState(reader);
                SessionState.Read(reader, _forecast);
            }

            _learner?.Restore(reader);
        }

        public void Dispose()
        {
            _state?.Dispose();
            _point?.Dispose();
            _learner?.Dispose();
        }

        /// <summary>With a learner: adds scored rows (scaled) to its history, and updates at each interval's end.</summary>
        private void Learn(ReadOnlySpan<float> scaledRows)
        {
            if (_learner is null)
            {
                return;
            }

            _learner.Append(scaledRows);
            if (_seen % _learner.UpdateInterval == 0)
            {
                _learner.Update();
            }
        }

        private void ScoreCarried(ReadOnlySpan<float> values, out DetectorOutput output, Span<float> expected)
        {
            var missing = false;
            for (var d = 0; d < _dimensions; d++)
            {
                if (float.IsFinite(values[d]))
                {
                    _lastValid[d] = _owner.Scaler.Apply(values[d], d);
                }
                else
                {
                    missing = true;
                }
            }

            var warmUp = _seen < _owner.WarmUpLength;
            if (warmUp)
            {
                output = DetectorOutput.WarmUp;
            }
            else
            {
                for (var d = 0; d < _dimensions; d++)
                {
                    _errors[d] = MathF.Abs(_forecast[d] - _lastValid[d]);
                }

                output = missing ? DetectorOutput.Missing : Raw(Combine(_errors.AsSpan(0, _dimensions), _owner.ErrorScales));
            }

            for (var d = 0; d < expected.Length; d++)
            {
                expected[d] = warmUp ? float.NaN : (float)_owner.Scaler.Invert(_forecast[d], d);
            }

            // The point joins the state, which then forecasts the next one.
            using (var scope = NewDisposeScope())
            using (InferenceGuard.Enter(_network, _owner._device))
            {
                if (_point!.device_type == DeviceType.CPU)
                {
                    var accessor = _point.data<float>();
                    for (var d = 0; d < _dimensions; d++)
                    {
                        accessor[0, 0, d] = _lastValid[d];
                    }
                }
                else
                {
                    _point.copy_(tensor(_lastValid, new long[] { 1, 1, _dimensions }));
                }

                var forecast = ((IStepNetwork)_network).Step(_point, _state!);
                forecast.detach().cpu().data<float>().CopyTo(_forecast, 0);
            }

            _seen++;
        }

        private void ScoreBlock(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            var window = _history;
            var count = outputs.Length;
            for (var j = 0; j < count; j++)
            {
                _missing[j] = false;
                for (var d = 0; d < _dimensions; d++)
                {
                    var value = values[(j * _dimensions) + d];
                    if (float.IsFinite(value))
                    {
                        _lastValid[d] = _owner.Scaler.Apply(value, d);
                    }
                    else
                    {
                        _missing[j] = true;
                    }

                    // A missing value is carried forward from the last valid one so later windows stay usable.
                    _buffer[((window + j) * _dimensions) + d] = _lastValid[d];
                }
            }

            var firstScored = (int)Math.Clamp(_owner.WarmUpLength - _seen, 0, count);
            if (firstScored < count)
            {
                ComputeErrors(count, !expected.IsEmpty);
            }

            for (var j = 0; j < count; j++)
            {
                outputs[j] = j < firstScored ? DetectorOutput.WarmUp
                    : _missing[j] ? DetectorOutput.Missing
                    : Raw(Combine(_errors.AsSpan(j * _components, _components), _owner.ErrorScales));
                if (!expected.IsEmpty)
                {
                    for (var d = 0; d < _dimensions; d++)
                    {
                        expected[(j * _dimensions) + d] = j < firstScored ? float.NaN : (float)_owner.Scaler.Invert(_expected[(j * _dimensions) + d], d);
                    }
                }
            }

            _seen += count;
            Learn(_buffer.AsSpan(window * _dimensions, count * _dimensions));
            Array.Copy(_buffer, count * _dimensions, _buffer, 0, window * _dimensions);
        }

        private static DetectorOutput Raw(double error) => new(0, error, double.NaN);

        private void ComputeErrors(int count, bool withExpected)
        {
            var network = _network;
            var rows = _streaming ? count : _block;
            Array.Clear(_buffer, (_history + count) * _dimensions, _buffer.Length - ((_history + count) * _dimensions));
            using var scope = NewDisposeScope();
            using var mode = InferenceGuard.Enter(network, _owner._device);
            var series = tensor(_buffer, new long[] { _buffer.Length / _dimensions, _dimensions }, device: _owner._device);
            var stretch = series.narrow(0, network.FirstWindowOffset, rows + network.Span - 1);
            if (!withExpected)
            {
                network.Errors(stretch).cpu().data<float>().CopyTo(_errors, 0);
                return;
            }

            var (errors, expected) = network.ErrorsWithExpected(stretch);
            errors.cpu().data<float>().CopyTo(_errors, 0);
            expected.cpu().data<float>().CopyTo(_expected, 0);
        }
    }
}
