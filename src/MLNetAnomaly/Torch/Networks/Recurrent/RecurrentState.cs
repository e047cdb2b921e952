using MLNetAnomaly.Core.Scoring;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks.Recurrent;

/// <summary>
/// The hidden state (and, for an LSTM, the cell state) a recurrent forecaster carries from one point to the next
/// while streaming, each shaped (layers, 1, hidden). Empty until the first step. The tensors live outside any dispose
/// scope and are released when replaced or when the state is disposed.
/// </summary>
internal sealed class RecurrentState : IDisposable
{
    private readonly long[] _shape;
    private readonly bool _hasCell;

    internal RecurrentState(int layers, int hiddenSize, bool hasCell, Device device)
    {
        _shape = new long[] { layers, 1, hiddenSize };
        _hasCell = hasCell;
        Device = device;
    }

    /// <summary>The hidden state, or null before the first step.</summary>
    internal Tensor? Hidden { get; private set; }

    /// <summary>The LSTM cell state, or null.</summary>
    internal Tensor? Cell { get; private set; }

    private Device Device { get; }

    private int Size => (int)(_shape[0] * _shape[2]);

    /// <summary>
    /// Keeps the new states (cut from any autograd graph, so a state carried over many steps holds no history, and
    /// detached from the current dispose scope) and releases the old ones.
    /// </summary>
    internal void Replace(Tensor hidden, Tensor? cell)
    {
        Hidden?.Dispose();
        Cell?.Dispose();
        Hidden = hidden.detach().DetachFromDisposeScope();
        Cell = cell?.detach().DetachFromDisposeScope();
    }

    /// <summary>Writes whether a state exists, then its values.</summary>
    internal void SaveState(BinaryWriter writer)
    {
        writer.Write(Hidden is not null);
        if (Hidden is null)
        {
            return;
        }

        SessionState.Write(writer, Hidden.cpu().data<float>().ToArray());
        if (_hasCell)
        {
            SessionState.Write(writer, Cell!.cpu().data<float>().ToArray());
        }
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    internal void RestoreState(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            Hidden?.Dispose();
            Cell?.Dispose();
            Hidden = null;
            Cell = null;
            return;
        }

        var hidden = new float[Size];
        SessionState.Read(reader, hidden);
        float[]? cell = null;
        if (_hasCell)
        {
            cell = new float[Size];
            SessionState.Read(reader, cell);
        }

        using var scope = NewDisposeScope();
        Replace(tensor(hidden, _shape, device: Device), cell is null ? null : tensor(cell, _shape, device: Device));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Hidden?.Dispose();
        Cell?.Dispose();
    }
}
