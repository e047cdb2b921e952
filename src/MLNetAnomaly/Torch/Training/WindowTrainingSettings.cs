using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Training;

/// <summary>How a window network is trained.</summary>
/// <param name="Epochs">Most passes over the training windows.</param>
/// <param name="BatchSize">Windows per optimiser step.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Seed">Seed of the shuffling generator (weights are seeded when the network is built).</param>
/// <param name="Device">Where training runs.</param>
/// <param name="ValidationFraction">Share of windows, from the end, held out for early stopping (0: none).</param>
/// <param name="Patience">Epochs without a better validation loss before stopping.</param>
/// <param name="GradientClip">Largest gradient norm (0: no clipping).</param>
internal sealed record WindowTrainingSettings(int Epochs, int BatchSize, double LearningRate, int Seed, Device Device, double ValidationFraction, int Patience, double GradientClip)
{
    /// <summary>How often a running epoch's batches are reported to a progress listener.</summary>
    internal TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);
}
