using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Training;

/// <summary>
/// A scoring session's own copy of a fitted network, which keeps training on the rows the session has scored: it keeps
/// the newest rows (scaled, gaps carried forward), and each <see cref="Update"/> takes a few Adam steps on all the
/// windows they hold, newest last, as one batch. Nothing here is random (no shuffling, dropout off), so updates are
/// deterministic on the CPU; the fitted network is never touched.
/// </summary>
internal sealed class OnlineLearner : IDisposable
{
    private readonly WindowNetwork _network;
    private readonly Device _device;
    private readonly OnlineLearningSettings _settings;
    private readonly int _dimensions;
    private readonly float[] _history;
    private readonly AdamState _optimizer;
    private readonly Func<WindowNetwork> _buildBlank;
    private int _rows;

    /// <summary>
    /// Takes ownership of <paramref name="copy"/>, a network already holding the fitted weights, on
    /// <paramref name="device"/>, built without dropout; <paramref name="buildBlank"/> builds another of the same
    /// layout on the CPU (to read checkpointed weights into).
    /// </summary>
    internal OnlineLearner(WindowNetwork copy, Device device, OnlineLearningSettings settings, Func<WindowNetwork> buildBlank)
    {
        _buildBlank = buildBlank;
        _network = copy;
        _network.eval();
        _device = device;
        _settings = settings;
        _dimensions = copy.Shape.Dimensions;
        _history = new float[(settings.Windows + copy.Span - 1) * _dimensions];
        _optimizer = new AdamState(copy.parameters(), settings.LearningRate);
    }

    /// <summary>The network being trained, which the session scores with.</summary>
    internal WindowNetwork Network => _network;

    /// <summary>Scored rows between two updates.</summary>
    internal int UpdateInterval => _settings.UpdateInterval;

    /// <summary>Updates skipped because the gradients were not finite (the weights are then left as they were).</summary>
    internal long SkippedUpdates { get; private set; }

    /// <summary>Adds scaled rows (row-major, no gaps) to the history, dropping the oldest beyond its capacity.</summary>
    internal void Append(ReadOnlySpan<float> rows)
    {
        var capacity = _history.Length / _dimensions;
        var count = rows.Length / _dimensions;
        if (count >= capacity)
        {
            rows.Slice((count - capacity) * _dimensions).CopyTo(_history);
            _rows = capacity;
            return;
        }

        var keep = Math.Min(_rows, capacity - count);
        Array.Copy(_history, (_rows - keep) * _dimensions, _history, 0, keep * _dimensions);
        rows.CopyTo(_history.AsSpan(keep * _dimensions));
        _rows = keep + count;
    }

    /// <summary>Takes the configured optimiser steps on the windows of the history (nothing until it holds one).</summary>
    internal void Update()
    {
        var span = _network.Span;
        if (_rows < span)
        {
            return;
        }

        using var scope = NewDisposeScope();
        using var gradients = enable_grad();
        // Once the history is full (every update after the first few), it goes to libtorch as it is.
        var rows = _rows * _dimensions == _history.Length ? _history : _history.AsSpan(0, _rows * _dimensions).ToArray();
        var series = tensor(rows, new long[] { _rows, _dimensions }, device: _device);
        var windows = WindowTensors.Windows(series, span);

        // Training mode only for the steps: cuDNN's recurrent kernels refuse a backward pass in evaluation mode. The
        // copy has no dropout, so on the CPU both modes compute the same.
        _network.train();
        try
        {
            Steps(windows);
        }
        finally
        {
            _network.eval();
            _network.zero_grad();
        }
    }

    private void Steps(Tensor windows)
    {
        for (var step = 0; step < _settings.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            _network.zero_grad();
            _network.Loss(windows).backward();
            var norm = nn.utils.clip_grad_norm_(_network.parameters(), _settings.GradientClip > 0 ? _settings.GradientClip : double.PositiveInfinity);
            if (!double.IsFinite(norm))
            {
                // Seen with libtorch on some CPUs (see WindowTrainer): a finite loss with NaN gradients. Skipping the
                // step keeps the weights usable; the next update tries again on newer windows.
                SkippedUpdates++;
                break;
            }

            _optimizer.Step();
        }
    }

    /// <summary>Writes the history, the network's current weights and the optimiser's state.</summary>
    internal void Save(BinaryWriter writer)
    {
        writer.Write(_rows);
        SessionState.Write(writer, _history.AsSpan(0, _rows * _dimensions));
        writer.Write(SkippedUpdates);
        var weights = TorchWeights.ToBytes(_network);
        writer.Write(weights.Length);
        writer.Write(weights);
        _optimizer.Save(writer);
    }

    /// <summary>Reads what <see cref="Save"/> wrote for a learner of the same network and settings.</summary>
    internal void Restore(BinaryReader reader)
    {
        var rows = SessionState.ReadCount(reader, _history.Length / _dimensions);
        SessionState.Read(reader, _history.AsSpan(0, rows * _dimensions));
        _rows = rows;
        SkippedUpdates = reader.ReadInt64();
        var length = reader.ReadInt32();
        if (length <= 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"The checkpoint's adapted weights are truncated (it announces {length} bytes).");
        }

        // Read into a blank CPU network, then copy in place: loading straight into a device network would replace its
        // parameters, which the optimiser holds.
        using (var read = _buildBlank())
        {
            try
            {
                TorchWeights.Load(read, reader.ReadBytes(length), "adapted network");
            }
            catch (InvalidDataException exception)
            {
                throw new InvalidDataException("The checkpoint's adapted weights do not fit this detector's network; it was written for another model.", exception);
            }

            using (no_grad())
            {
                _network.load_state_dict(read.state_dict());
            }
        }

        _optimizer.Restore(reader);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _network.Dispose();
    }
}
