namespace MLNetAnomaly;

/// <summary>
/// What a deep detector reports while it trains (see <see cref="DeepDetectorOptions.TrainingProgress"/>): once at the end
/// of each epoch (<see cref="IsEpochEnd"/>, with the validation loss), and, during an epoch that lasts longer than
/// <see cref="DeepDetectorOptions.TrainingProgressInterval"/>, as its batches go by.
/// </summary>
/// <param name="Epoch">The epoch this report belongs to, from 1 (finished when <see cref="IsEpochEnd"/>).</param>
/// <param name="Epochs">The most epochs training will run (early stopping may end it sooner).</param>
/// <param name="TrainingLoss">Mean squared error over the epoch's training windows so far (scaled units).</param>
/// <param name="ValidationLoss">Mean squared error on the held-out windows at the end of an epoch; null within an epoch or without a validation share.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, double TrainingLoss, double? ValidationLoss, TimeSpan Elapsed)
{
    /// <summary>Mini-batches of <see cref="Epoch"/> done so far.</summary>
    public int Batch { get; init; }

    /// <summary>Mini-batches in each epoch.</summary>
    public int Batches { get; init; }

    /// <summary>True when <see cref="Epoch"/> is finished (every batch done and the validation loss, if any, measured).</summary>
    public bool IsEpochEnd => Batch == Batches;

    /// <summary>Epochs done, with the current epoch's share of its batches: from 0 to <see cref="Epochs"/>, for a progress bar.</summary>
    public double EpochsDone => Epoch - 1 + (Batches == 0 ? 1.0 : (double)Batch / Batches);
}
