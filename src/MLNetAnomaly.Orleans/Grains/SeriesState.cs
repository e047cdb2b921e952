using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Orleans.Grains;

/// <summary>
/// A series grain's persistent state: its model, the position of the last point taken, the engine's checkpoint after
/// it, and the last batch's digest and predictions (so a resent batch gets the same answer without being counted twice).
/// </summary>
[GenerateSerializer]
[Alias("MLNetAnomaly.Orleans.SeriesState")]
internal sealed record SeriesState
{
    /// <summary>The model the series is bound to; null before its first batch.</summary>
    [Id(0)]
    public string? ModelId { get; init; }

    /// <summary>The SHA-256 of the model the checkpoint was made with.</summary>
    [Id(1)]
    public string? ModelSha256 { get; init; }

    /// <summary>Points taken: the next batch's first sequence number.</summary>
    [Id(2)]
    public long NextSequence { get; init; }

    /// <summary>The last point's timestamp.</summary>
    [Id(3)]
    public DateTime? LastTimestamp { get; init; }

    /// <summary>The streaming engine's checkpoint after the last point.</summary>
    [Id(4)]
    public byte[]? Checkpoint { get; init; }

    /// <summary>The last batch's first sequence number.</summary>
    [Id(5)]
    public long LastBatchFirst { get; init; }

    /// <summary>The SHA-256 of the last batch's timestamps and values.</summary>
    [Id(6)]
    public byte[]? LastBatchDigest { get; init; }

    /// <summary>The last batch's predictions.</summary>
    [Id(7)]
    public AnomalyPrediction[]? LastBatchPredictions { get; init; }

    /// <summary>For a series bound to a recipe: the id of the model fitted for it, once fitted.</summary>
    [Id(8)]
    public string? FittedModelId { get; init; }

    /// <summary>For a series bound to a recipe: its points so far, until there are enough to fit on.</summary>
    [Id(9)]
    public float[]? TrainingValues { get; init; }
}
