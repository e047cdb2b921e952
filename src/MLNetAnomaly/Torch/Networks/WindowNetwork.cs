using TorchSharp;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks;

/// <summary>
/// A network that judges a series through windows of it. Subclasses say how: a <see cref="ForecastNetwork"/> predicts
/// the row after each window, a <see cref="ReconstructionNetwork"/> rebuilds the window. Each owns its training loss,
/// its per-row errors, its expected values and its warm-up, so the trainer and the detector never ask which kind of
/// network they hold. Training batches are windows shaped (batch, <see cref="Span"/>, dimensions), cut from the scaled
/// series; errors are asked of a contiguous stretch of it (rows, dimensions), a row for each row judged plus the
/// <see cref="Span"/> − 1 before the first.
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

    /// <summary>
    /// Rows in one training window (the window, plus the rows it forecasts for forecasters), and the rows a judged row
    /// needs, itself included.
    /// </summary>
    internal abstract int Span { get; }

    /// <summary>Rows of history a scoring session keeps before the rows it judges.</summary>
    internal int History => Span - 1 + FirstWindowOffset;

    /// <summary>
    /// Errors per judged row: one per dimension, times <see cref="NetworkShape.Horizon"/> for forecasters (one per
    /// forecast made for the row).
    /// </summary>
    internal virtual int ErrorComponents => Shape.Dimensions;

    /// <summary>How many rows come before the first scored one.</summary>
    internal abstract int WarmUpLength { get; }

    /// <summary>
    /// Where the first judged row's stretch starts in a buffer that holds <see cref="History"/> rows before the rows
    /// being judged (1 for autoencoders, whose history keeps one row more than they need, as checkpoints always have).
    /// </summary>
    internal abstract int FirstWindowOffset { get; }

    /// <summary>True when the network runs libtorch's LSTM kernel (see <see cref="InferenceGuard"/>).</summary>
    internal virtual bool UsesLstmKernel => false;

    /// <summary>Mean-squared training loss on a batch of windows.</summary>
    internal abstract Tensor Loss(Tensor batch);

    /// <summary>
    /// The absolute errors of every row of <paramref name="stretch"/> (rows, dimensions) from its <see cref="Span"/>-th
    /// on, shaped (rows − <see cref="Span"/> + 1, <see cref="ErrorComponents"/>), detached.
    /// </summary>
    internal abstract Tensor Errors(Tensor stretch);

    /// <summary>
    /// The same errors, and what the network expected for each of those rows (the nearest forecast, or the
    /// reconstruction), shaped (rows − <see cref="Span"/> + 1, dimensions), in scaled units, detached.
    /// </summary>
    internal abstract (Tensor Errors, Tensor Expected) ErrorsWithExpected(Tensor stretch);
}
