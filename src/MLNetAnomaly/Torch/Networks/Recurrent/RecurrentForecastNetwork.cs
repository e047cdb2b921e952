using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks.Recurrent;

/// <summary>
/// A stacked recurrent layer (LSTM, GRU or Elman RNN) reads a window; a linear head maps its last output to the
/// next value of every dimension (or the next <see cref="NetworkShape.Horizon"/> values). Weight keys: "lstm.*", "gru.*" or "rnn.*", and "head.*" (part of the file format,
/// pinned by a test).
/// </summary>
internal sealed class RecurrentForecastNetwork : ForecastNetwork, IStepNetwork
{
    private readonly RecurrentCell _cell;
    private readonly nn.Module _recurrent;
    private readonly Linear _head;

    internal RecurrentForecastNetwork(RecurrentCell cell, NetworkShape shape)
        : base($"{cell}ForecastNetwork", shape)
    {
        _cell = cell;
        var between = shape.Layers > 1 ? shape.Dropout : 0.0;
        _recurrent = RecurrentLayers.Create(cell, shape.Dimensions, shape.HiddenSize, shape.Layers, between);
        _head = nn.Linear(shape.HiddenSize, Outputs);
        register_module(cell.ToString().ToLowerInvariant(), _recurrent);
        register_module("head", _head);
    }

    /// <inheritdoc />
    internal override bool UsesLstmKernel => _cell == RecurrentCell.Lstm;

    /// <inheritdoc />
    public override Tensor forward(Tensor windows)
    {
        using var sequence = RecurrentLayers.Run(_cell, _recurrent, windows);
        using var newest = sequence.select(1, -1);
        return _head.call(newest);
    }

    /// <inheritdoc />
    public RecurrentState CreateState(Device device) => new(Shape.Layers, Shape.HiddenSize, _cell == RecurrentCell.Lstm, device);

    /// <inheritdoc />
    public Tensor Step(Tensor point, RecurrentState state)
    {
        Tensor output;
        switch (_cell)
        {
            case RecurrentCell.Lstm:
                var (lstmOutput, hidden, cell) = ((LSTM)_recurrent).call(point, state.Hidden is null ? null : (state.Hidden, state.Cell!));
                state.Replace(hidden, cell);
                output = lstmOutput;
                break;
            case RecurrentCell.Gru:
                var (gruOutput, gruHidden) = ((GRU)_recurrent).call(point, state.Hidden);
                state.Replace(gruHidden, null);
                output = gruOutput;
                break;
            default:
                var (rnnOutput, rnnHidden) = ((RNN)_recurrent).call(point, state.Hidden);
                state.Replace(rnnHidden, null);
                output = rnnOutput;
                break;
        }

        using (output)
        {
            using var newest = output.select(1, -1);
            return _head.call(newest);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _recurrent.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Builds and runs any of the three recurrent layers.</summary>
internal static class RecurrentLayers
{
    /// <summary>A batch-first stacked layer of <paramref name="cell"/>.</summary>
    internal static nn.Module Create(RecurrentCell cell, int inputSize, int hiddenSize, int layers, double dropout) => cell switch
    {
        RecurrentCell.Lstm => nn.LSTM(inputSize, hiddenSize, layers, batchFirst: true, dropout: dropout),
        RecurrentCell.Gru => nn.GRU(inputSize, hiddenSize, layers, batchFirst: true, dropout: dropout),
        _ => nn.RNN(inputSize, hiddenSize, layers, nn.NonLinearities.Tanh, batchFirst: true, dropout: dropout),
    };

    /// <summary>The output sequence (batch, time, hidden); the final states are released.</summary>
    internal static Tensor Run(RecurrentCell cell, nn.Module layer, Tensor input)
    {
        switch (cell)
        {
            case RecurrentCell.Lstm:
                var (output, hidden, state) = ((LSTM)layer).call(input);
                hidden.Dispose();
                state.Dispose();
                return output;
            case RecurrentCell.Gru:
                var (gruOutput, gruHidden) = ((GRU)layer).call(input);
                gruHidden.Dispose();
                return gruOutput;
            default:
                var (rnnOutput, rnnHidden) = ((RNN)layer).call(input);
                rnnHidden.Dispose();
                return rnnOutput;
        }
    }
}
