using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks.Recurrent;

/// <summary>
/// Stacked LSTM that reads a window of past values and predicts the next one through a linear head.
/// Input: (batch, window, dimensions). Output: (batch, dimensions).
/// The field names <c>lstm</c> and <c>head</c> are the weight keys of saved models: renaming them breaks old files.
/// </summary>
internal sealed class LstmForecastNetwork : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the persisted weight keys.
    private readonly LSTM lstm;
    private readonly Linear head;
#pragma warning restore IDE1006

    /// <summary>Builds the network with freshly initialised weights (seed the generator first).</summary>
    internal LstmForecastNetwork(int dimensions, int hiddenSize, int layers, double dropout)
        : base(nameof(LstmForecastNetwork))
    {
        lstm = nn.LSTM(dimensions, hiddenSize, layers, batchFirst: true, dropout: layers > 1 ? dropout : 0.0);
        head = nn.Linear(hiddenSize, dimensions);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor windows)
    {
        var (sequence, lastHidden, lastCell) = lstm.call(windows);
        lastHidden.Dispose();
        lastCell.Dispose();
        using var newest = sequence.select(1, -1);
        sequence.Dispose();
        return head.call(newest);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lstm.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}
