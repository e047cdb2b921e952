using MLNetAnomaly.Torch.Networks.Recurrent;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks;

/// <summary>
/// A forecaster that can also read a series one row at a time, carrying its state between rows (the recurrent
/// networks), so streaming costs one step per row instead of a pass over the whole window.
/// </summary>
internal interface IStepNetwork
{
    /// <summary>An empty state on <paramref name="device"/> (the state before the first row).</summary>
    RecurrentState CreateState(Device device);

    /// <summary>
    /// Reads one more row (shaped (1, 1, dimensions)) from <paramref name="state"/>, replaces the state with the new
    /// one and returns the forecast of the next row, shaped (1, dimensions). From an empty state, n steps give the
    /// forecast the network gives for the window of those n rows.
    /// </summary>
    Tensor Step(Tensor point, RecurrentState state);
}
