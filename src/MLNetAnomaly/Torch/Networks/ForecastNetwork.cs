using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks;

/// <summary>
/// A forecaster: <see cref="TorchSharp.torch.nn.Module{T, TResult}.forward"/> reads windows of
/// <see cref="NetworkShape.WindowSize"/> rows and returns the forecast of the <see cref="NetworkShape.Horizon"/> rows
/// after each, shaped (batch, horizon × dimensions), the nearest row first. A row is judged by every forecast made for
/// it: with horizon H, the windows ending 1 to H rows before it each forecast it once (as in Malhotra et al., "Long
/// Short Term Memory Networks for Anomaly Detection in Time Series", ESANN 2015), so it has H errors per dimension,
/// nearest first. With horizon 1 that is the next-step forecast error.
/// </summary>
internal abstract class ForecastNetwork : WindowNetwork
{
    private protected ForecastNetwork(string name, NetworkShape shape)
        : base(name, shape)
    {
    }

    /// <inheritdoc />
    internal override int Span => Shape.WindowSize + Shape.Horizon;

    /// <inheritdoc />
    internal override int WarmUpLength => Shape.WindowSize + Shape.Horizon - 1;

    /// <inheritdoc />
    internal override int FirstWindowOffset => 0;

    /// <inheritdoc />
    internal override int ErrorComponents => Shape.Dimensions * Shape.Horizon;

    /// <summary>Values the network's head writes: a forecast of every dimension for each row of the horizon.</summary>
    private protected int Outputs => Shape.Dimensions * Shape.Horizon;

    /// <inheritdoc />
    internal override Tensor Loss(Tensor batch)
        => nn.functional.mse_loss(Forecast(batch.narrow(1, 0, Shape.WindowSize)), batch.narrow(1, Shape.WindowSize, Shape.Horizon));

    /// <inheritdoc />
    internal override Tensor Errors(Tensor stretch) => Compare(stretch).Errors;

    /// <inheritdoc />
    internal override (Tensor Errors, Tensor Expected) ErrorsWithExpected(Tensor stretch) => Compare(stretch);

    /// <summary>The forecasts of <paramref name="windows"/>, shaped (batch, horizon, dimensions).</summary>
    private Tensor Forecast(Tensor windows) => call(windows).view(-1, Shape.Horizon, Shape.Dimensions);

    /// <summary>
    /// Each judged row's errors against the forecasts made for it, and its nearest forecast. Every window of the
    /// stretch is forecast once, and each forecast serves the H rows after its window.
    /// </summary>
    private (Tensor Errors, Tensor Nearest) Compare(Tensor stretch)
    {
        var (window, horizon) = (Shape.WindowSize, Shape.Horizon);
        var count = stretch.shape[0] - Span + 1;

        // Window i covers rows i to i + window - 1 and forecasts the rows after it; judged row j is stretch row
        // j + window + horizon - 1, which window j + horizon - k forecast k rows ahead (k = 1..horizon).
        var windows = Training.WindowTensors.Windows(stretch.narrow(0, 0, count + horizon + window - 2), window);
        var forecasts = Forecast(windows).detach();
        var made = horizon == 1
            ? forecasts
            : stack(Enumerable.Range(1, horizon).Select(k => forecasts.select(1, k - 1).narrow(0, horizon - k, count)).ToArray(), 1);
        var actual = stretch.narrow(0, window + horizon - 1, count).unsqueeze(1);
        return ((made - actual).abs().reshape(count, ErrorComponents), made.select(1, 0));
    }
}
