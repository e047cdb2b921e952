namespace MLNetAnomaly.Orleans.Contracts;

/// <summary>Where a series stands, as last made durable.</summary>
[GenerateSerializer]
[Alias("MLNetAnomaly.Orleans.SeriesStatus")]
public sealed record SeriesStatus
{
    /// <summary>The model the series is bound to; null before its first batch.</summary>
    [Id(0)]
    public string? ModelId { get; init; }

    /// <summary>The number of points taken: the sequence number the next batch must start at.</summary>
    [Id(1)]
    public long NextSequence { get; init; }

    /// <summary>The timestamp of the last point taken; null before the first.</summary>
    [Id(2)]
    public DateTime? LastTimestamp { get; init; }

    /// <summary>For a series bound to a recipe: the id of the model fitted for it, once fitted; else null.</summary>
    [Id(3)]
    public string? FittedModelId { get; init; }
}
