using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks.Recurrent;

/// <summary>
/// A stacked recurrent layer (LSTM, GRU or Elman RNN) reads a window; a linear head maps its last output to the
/// next value of every dimension. Weight keys: "lstm.*", "gru.*" or "rnn.*", and "head.*" (part of the file format).
/// </summary>
internal sealed class RecurrentForecastNetwork : nn.Module<Tensor, Tensor>
{
    private readonly NetworkKind _kind;
    private readonly nn.Module _recurrent;
    private readonly Linear _head;

    internal RecurrentForecastNetwork(NetworkKind kind, int dimensions, int hiddenSize, int layers, double dropout)
        : base($"{kind}ForecastNetwork")
    {
        _kind = kind;
        var between = layers > 1 ? dropout : 0.0;
        _recurrent = kind switch
        {
            NetworkKind.Lstm => nn.LSTM(dimensions, hiddenSize, layers, batchFirst: true, dropout: between),
            NetworkKind.Gru => nn.GRU(dimensions, hiddenSize, layers, batchFirst: true, dropout: between),
            NetworkKind.Rnn => nn.RNN(dimensions, hiddenSize, layers, nn.NonLinearities.Tanh, batchFirst: true, dropout: between),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a recurrent kind."),
        };
        _head = nn.Linear(hiddenSize, dimensions);
        register_module(kind.ToString().ToLowerInvariant(), _recurrent);
        register_module("head", _head);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor windows)
    {
        using var sequence = RecurrentLayers.Run(_kind, _recurrent, windows);
        using var newest = sequence.select(1, -1);
        return _head.call(newest);
    }

    /// <summary>Which recurrent layer the network has.</summary>
    internal NetworkKind Kind => _kind;

    /// <summary>
    /// Reads one more point (shaped (1, 1, dimensions)) from the carried <paramref name="state"/> (a zero state when
    /// empty), replaces the state with the new one and returns the forecast of the point after it, shaped
    /// (1, dimensions). From an empty state, n steps give exactly the forecast <see cref="forward"/> gives for the
    /// window of those n points.
    /// </summary>
    internal Tensor Step(Tensor point, RecurrentState state)
    {
        Tensor output;
        switch (_kind)
        {
            case NetworkKind.Lstm:
                var (lstmOutput, hidden, cell) = ((LSTM)_recurrent).call(point, state.Hidden is null ? null : (state.Hidden, state.Cell!));
                state.Replace(hidden, cell);
                output = lstmOutput;
                break;
            case NetworkKind.Gru:
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

/// <summary>Runs any of the three recurrent layers and returns only its output sequence.</summary>
internal static class RecurrentLayers
{
    /// <summary>The output sequence (batch, time, hidden); the final states are released.</summary>
    internal static Tensor Run(NetworkKind kind, nn.Module layer, Tensor input)
    {
        switch (kind)
        {
            case NetworkKind.Lstm or NetworkKind.LstmAutoencoder:
                var (output, hidden, cell) = ((LSTM)layer).call(input);
                hidden.Dispose();
                cell.Dispose();
                return output;
            case NetworkKind.Gru:
                var (gruOutput, gruHidden) = ((GRU)layer).call(input);
                gruHidden.Dispose();
                return gruOutput;
            case NetworkKind.Rnn:
                var (rnnOutput, rnnHidden) = ((RNN)layer).call(input);
                rnnHidden.Dispose();
                return rnnOutput;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a recurrent kind.");
        }
    }
}
