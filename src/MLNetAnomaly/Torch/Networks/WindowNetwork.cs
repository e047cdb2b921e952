using TorchSharp;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks;

/// <summary>
/// A network that judges a series through windows of it. Subclasses say how: a <see cref="ForecastNetwork"/> predicts
/// the row after each window, a <see cref="ReconstructionNetwork"/> rebuilds the window. Each owns its training loss,
/// its per-row errors, its expected values and its warm-up, so the trainer and the detector never ask which kind of
/// network they hold. Batches of windows are shaped (batch, <see cref="Span"/>, dimensions), cut from the scaled series.
/// </summary>
internal abstract class WindowNetwork : nn.Module<Tensor, Tensor>
{
    private protected WindowNetwork(string name, NetworkShape shape)
        : base(name)
    {
        Shape = shape;
    }

    /// <summary>The network's size.</summary>
    internal NetworkShape Shape { get; }

    /// <summary>Rows in one training window: the window, plus the target row for forecasters.</summary>
    internal abstract int Span { get; }

    /// <summary>How many rows come before the first scored one.</summary>
    internal abstract int WarmUpLength { get; }

    /// <summary>
    /// Where the first scoring window starts, relative to a buffer that holds <see cref="NetworkShape.WindowSize"/>
    /// rows of history before the rows being scored.
    /// </summary>
    internal abstract int FirstWindowOffset { get; }

    /// <summary>True when the network runs libtorch's LSTM kernel (see <see cref="InferenceGuard"/>).</summary>
    internal virtual bool UsesLstmKernel => false;

    /// <summary>Mean-squared training loss on a batch of windows.</summary>
    internal abstract Tensor Loss(Tensor batch);

    /// <summary>The absolute error of each window's scored row, per dimension: shaped (batch, dimensions), detached.</summary>
    internal abstract Tensor Errors(Tensor batch);

    /// <summary>
    /// The same errors and what the network expected for each window's scored row, both shaped (batch, dimensions),
    /// in scaled units, detached.
    /// </summary>
    internal abstract (Tensor Errors, Tensor Expected) ErrorsWithExpected(Tensor batch);
}
