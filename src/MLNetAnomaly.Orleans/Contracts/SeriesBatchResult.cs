using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Orleans.Contracts;

/// <summary>What a series grain returns for a batch: a prediction per point, in order, once the batch is durable.</summary>
[GenerateSerializer]
[Alias("MLNetAnomaly.Orleans.SeriesBatchResult")]
public sealed record SeriesBatchResult
{
    /// <summary>The sequence number of the first point predicted.</summary>
    [Id(0)]
    public required long FirstSequence { get; init; }

    /// <summary>The predictions, one per point of the batch.</summary>
    [Id(1)]
    public required AnomalyPrediction[] Predictions { get; init; }

    /// <summary>True when the batch had been taken already (a retry after a lost reply): these are the predictions it got then.</summary>
    [Id(2)]
    public bool Replayed { get; init; }

    /// <summary>The sequence number the series expects next.</summary>
    public long NextSequence => FirstSequence + Predictions.Length;
}
