using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Training;

/// <summary>How a next-step forecaster is trained.</summary>
/// <param name="WindowSize">Past values per training window.</param>
/// <param name="Epochs">Passes over the training windows.</param>
/// <param name="BatchSize">Windows per optimiser step.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Seed">Seed of the shuffling generator (weights are seeded when the network is built).</param>
/// <param name="Device">Where training runs.</param>
internal sealed record ForecastTrainingSettings(int WindowSize, int Epochs, int BatchSize, double LearningRate, int Seed, Device Device);
