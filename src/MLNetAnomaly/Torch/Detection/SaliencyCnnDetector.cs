using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.Scoring;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Detection;

/// <summary>
/// SR-CNN as a detector: each point's streaming saliency map (the window ending at it) goes through the trained
/// classifier; the score is the probability that the point is an anomaly, and Alert is set above the threshold.
/// Output [Alert, Score = probability, Mag = the point's saliency relative to its map's mean]; the first
/// WindowSize − 1 points get [0, 0, 0]. Maps are scored a block at a time, one forward pass per block.
/// </summary>
internal sealed class SaliencyCnnDetector : IFittedDetector
{
    private const int Block = 256;

    internal SaliencyCnnDetector(nn.Module<Tensor, Tensor> network, SpectralResidualSettings settings)
    {
        Network = network;
        Settings = settings;
    }

    /// <summary>The trained classifier, in evaluation mode on the CPU.</summary>
    internal nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>The saliency settings; the threshold applies to the probability.</summary>
    internal SpectralResidualSettings Settings { get; }

    /// <inheritdoc />
    public int WarmUpLength => Settings.WindowSize - 1;

    /// <inheritdoc />
    public int Dimensions => 1;

    /// <inheritdoc />
    public bool ProvidesExpectedValues => false;

    /// <inheritdoc />
    public IDetectorSession CreateSession(ScoringMode mode) => new Session(this);

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();

    /// <summary>Probabilities for row-major maps of the detector's window size.</summary>
    internal float[] Probabilities(float[] maps, int count)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(maps, new long[] { maps.Length / Settings.WindowSize, Settings.WindowSize }).narrow(0, 0, count);
        return Network.call(input).sigmoid().data<float>().ToArray();
    }

    private sealed class Session : IDetectorSession
    {
        private readonly SaliencyCnnDetector _owner;
        private readonly SaliencyWindows _windows;
        private readonly double[] _window;
        private readonly float[] _maps;
        private readonly int[] _pending = new int[Block];
        private double _lastValid;
        private long _seen;

        internal Session(SaliencyCnnDetector owner)
        {
            var s = owner.Settings;
            _owner = owner;
            _windows = new SaliencyWindows(s.WindowSize, s.BackAddWindowSize, s.LookaheadWindowSize, s.AveragingWindowSize);
            _window = new double[s.WindowSize];
            _maps = new float[Block * s.WindowSize];
        }

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            var size = _owner.Settings.WindowSize;
            var count = 0;
            for (var j = 0; j < values.Length; j++)
            {
                var missing = !float.IsFinite(values[j]);
                if (!missing)
                {
                    _lastValid = values[j];
                }

                Array.Copy(_window, 1, _window, 0, size - 1);
                _window[size - 1] = _lastValid;
                _seen++;
                if (missing || _seen < size)
                {
                    outputs[j] = missing ? DetectorOutput.Missing : new DetectorOutput(0, 0, 0);
                    continue;
                }

                _windows.Compute(_window, _maps.AsSpan(count * size, size));
                _pending[count++] = j;
                if (count == Block)
                {
                    Flush(outputs, count);
                    count = 0;
                }
            }

            Flush(outputs, count);
            expected.Fill(float.NaN);
        }

        public void SaveState(BinaryWriter writer)
        {
            SessionState.Write(writer, _window);
            writer.Write(_lastValid);
            writer.Write(_seen);
        }

        public void RestoreState(BinaryReader reader)
        {
            SessionState.Read(reader, _window);
            _lastValid = reader.ReadDouble();
            _seen = reader.ReadInt64();
        }

        public void Dispose()
        {
        }

        private void Flush(Span<DetectorOutput> outputs, int count)
        {
            if (count == 0)
            {
                return;
            }

            var size = _owner.Settings.WindowSize;
            var probabilities = _owner.Probabilities(_maps, count);
            for (var k = 0; k < count; k++)
            {
                var probability = probabilities[k];
                outputs[_pending[k]] = new DetectorOutput(probability > _owner.Settings.Threshold ? 1 : 0, probability, _maps[(k * size) + size - 1]);
            }
        }
    }
}
