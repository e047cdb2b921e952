using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks;

/// <summary>
/// An autoencoder: <see cref="TorchSharp.torch.nn.Module{T, TResult}.forward"/> rebuilds each window of
/// <see cref="NetworkShape.WindowSize"/> rows, shaped (batch, window, dimensions). A row's error is that of its
/// reconstruction as the newest row of the window ending at it, or, with <see cref="ScoreWholeWindow"/>, the root mean
/// square error over that whole window.
/// </summary>
internal abstract class ReconstructionNetwork : WindowNetwork
{
    private protected ReconstructionNetwork(string name, NetworkShape shape)
        : base(name, shape)
    {
    }

    /// <summary>Score a row by the error of the whole window ending at it instead of its own.</summary>
    internal bool ScoreWholeWindow { get; set; }

    /// <inheritdoc />
    internal override int Span => Shape.WindowSize;

    /// <inheritdoc />
    internal override int WarmUpLength => Shape.WindowSize - 1;

    /// <inheritdoc />
    internal override int FirstWindowOffset => 1;

    /// <inheritdoc />
    internal override Tensor Loss(Tensor batch) => nn.functional.mse_loss(call(batch), batch);

    /// <inheritdoc />
    internal override Tensor Errors(Tensor stretch)
    {
        var batch = Training.WindowTensors.Windows(stretch, Span);
        return ErrorsOf(call(batch) - batch).detach();
    }

    /// <inheritdoc />
    internal override (Tensor Errors, Tensor Expected) ErrorsWithExpected(Tensor stretch)
    {
        var batch = Training.WindowTensors.Windows(stretch, Span);
        var reconstruction = call(batch).detach();
        return (ErrorsOf(reconstruction - batch), reconstruction.select(1, Shape.WindowSize - 1));
    }

    private Tensor ErrorsOf(Tensor difference)
        => ScoreWholeWindow ? difference.square().mean(new long[] { 1 }).sqrt() : difference.select(1, Shape.WindowSize - 1).abs();
}
