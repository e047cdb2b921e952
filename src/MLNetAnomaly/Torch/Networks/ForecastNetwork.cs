using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks;

/// <summary>
/// A next-step forecaster: <see cref="TorchSharp.torch.nn.Module{T, TResult}.forward"/> reads windows of
/// <see cref="NetworkShape.WindowSize"/> rows and returns the forecast of the row after each, shaped
/// (batch, dimensions). A row's error is its distance from the forecast the window before it made.
/// </summary>
internal abstract class ForecastNetwork : WindowNetwork
{
    private protected ForecastNetwork(string name, NetworkShape shape)
        : base(name, shape)
    {
    }

    /// <inheritdoc />
    internal override int Span => Shape.WindowSize + 1;

    /// <inheritdoc />
    internal override int WarmUpLength => Shape.WindowSize;

    /// <inheritdoc />
    internal override int FirstWindowOffset => 0;

    /// <inheritdoc />
    internal override Tensor Loss(Tensor batch)
        => nn.functional.mse_loss(call(Inputs(batch)), Targets(batch));

    /// <inheritdoc />
    internal override Tensor Errors(Tensor batch)
        => (call(Inputs(batch)) - Targets(batch)).abs().detach();

    /// <inheritdoc />
    internal override (Tensor Errors, Tensor Expected) ErrorsWithExpected(Tensor batch)
    {
        var forecast = call(Inputs(batch)).detach();
        return ((forecast - Targets(batch)).abs(), forecast);
    }

    private Tensor Inputs(Tensor batch) => batch.narrow(1, 0, Shape.WindowSize);

    private Tensor Targets(Tensor batch) => batch.select(1, Shape.WindowSize);
}
