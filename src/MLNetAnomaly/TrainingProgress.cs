namespace MLNetAnomaly;

/// <summary>What a deep detector reports after each training epoch (see <see cref="DeepDetectorOptions.TrainingProgress"/>).</summary>
/// <param name="Epoch">The epoch just finished, from 1.</param>
/// <param name="Epochs">The most epochs training will run (early stopping may end it sooner).</param>
/// <param name="TrainingLoss">Mean squared error over the epoch's training windows (scaled units).</param>
/// <param name="ValidationLoss">Mean squared error on the held-out windows, or null without a validation share.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, double TrainingLoss, double? ValidationLoss, TimeSpan Elapsed);
