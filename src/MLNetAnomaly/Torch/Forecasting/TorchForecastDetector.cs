using MLNetAnomaly.Core.Scoring;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Forecasting;

/// <summary>
/// A fitted next-step forecaster used as a detector: the error between each value and the network's forecast
/// from the previous <see cref="WindowSize"/> values is calibrated against the training errors.
/// </summary>
internal sealed class TorchForecastDetector : IFittedDetector
{
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly Device _device;

    /// <summary>Wraps a trained network (in evaluation mode, on <paramref name="device"/>).</summary>
    internal TorchForecastDetector(nn.Module<Tensor, Tensor> network, Device device, int windowSize, SeriesScaler scaler, ErrorCalibration calibration, double alpha, int inferenceBatchSize)
    {
        _network = network;
        _device = device;
        WindowSize = windowSize;
        Scaler = scaler;
        Calibration = calibration;
        Alpha = alpha;
        InferenceBatchSize = inferenceBatchSize;
    }

    /// <summary>Past values per forecast.</summary>
    internal int WindowSize { get; }

    /// <summary>The input standardisation learned at fit time.</summary>
    internal SeriesScaler Scaler { get; }

    /// <summary>The training-error distribution behind scores and p-values.</summary>
    internal ErrorCalibration Calibration { get; }

    /// <summary>The p-value under which a point is flagged (1 - confidence / 100).</summary>
    internal double Alpha { get; }

    /// <summary>Windows per forward pass when scoring a batch of rows.</summary>
    internal int InferenceBatchSize { get; }

    /// <summary>The trained network.</summary>
    internal nn.Module<Tensor, Tensor> Network => _network;

    /// <inheritdoc />
    public int WarmUpLength => WindowSize;

    /// <inheritdoc />
    public IDetectorSession CreateSession(bool streaming) => new Session(this, streaming);

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    /// <summary>
    /// Keeps the last <see cref="WindowSize"/> scaled values and scores blocks of new values with one forward pass
    /// each. Outside streaming mode every block is padded to the inference batch size, so a row's score never
    /// depends on how many rows follow it.
    /// </summary>
    private sealed class Session : IDetectorSession
    {
        private readonly TorchForecastDetector _owner;
        private readonly bool _streaming;
        private readonly float[] _buffer;
        private readonly float[] _predictions;
        private readonly bool[] _missing;
        private long _seen;
        private float _lastValid;

        internal Session(TorchForecastDetector owner, bool streaming)
        {
            _owner = owner;
            _streaming = streaming;
            _buffer = new float[owner.WindowSize + owner.InferenceBatchSize];
            _predictions = new float[owner.InferenceBatchSize];
            _missing = new bool[owner.InferenceBatchSize];
        }

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs)
        {
            var block = _owner.InferenceBatchSize;
            for (var offset = 0; offset < values.Length; offset += block)
            {
                var count = Math.Min(block, values.Length - offset);
                ScoreBlock(values.Slice(offset, count), outputs.Slice(offset, count));
            }
        }

        public void Dispose()
        {
        }

        private void ScoreBlock(ReadOnlySpan<float> values, Span<DetectorOutput> outputs)
        {
            var window = _owner.WindowSize;
            var count = values.Length;
            for (var j = 0; j < count; j++)
            {
                var value = values[j];
                _missing[j] = !float.IsFinite(value);
                if (!_missing[j])
                {
                    _lastValid = _owner.Scaler.Apply(value);
                }

                // A missing value is carried forward from the last valid one so later windows stay usable.
                _buffer[window + j] = _lastValid;
            }

            var firstScored = (int)Math.Clamp(window - _seen, 0, count);
            if (firstScored < count)
            {
                Forecast(count);
            }

            for (var j = 0; j < count; j++)
            {
                outputs[j] = j < firstScored ? DetectorOutput.WarmUp
                    : _missing[j] ? DetectorOutput.Missing
                    : _owner.Calibration.Evaluate(Math.Abs(_buffer[window + j] - _predictions[j]), _owner.Alpha);
            }

            Array.Copy(_buffer, count, _buffer, 0, window);
            _seen += count;
        }

        private void Forecast(int count)
        {
            var window = _owner.WindowSize;
            var rows = _streaming ? count : _owner.InferenceBatchSize;
            Array.Clear(_buffer, window + count, _buffer.Length - window - count);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var series = tensor(_buffer, new long[] { _buffer.Length }, device: _owner._device).narrow(0, 0, window + rows);
            var windows = series.unfold(0, window, 1).narrow(0, 0, rows).unsqueeze(-1);
            var forecast = _owner._network.call(windows).reshape(rows).cpu();
            forecast.data<float>().CopyTo(_predictions, 0);
        }
    }
}
