namespace MLNetAnomaly.Orleans.Contracts;

/// <summary>
/// The next points of one series, sent to its grain: their sequence numbers start at <see cref="FirstSequence"/> (the
/// series' first point is 0), their timestamps strictly increase, and their values are row-major, one value per
/// dimension of the model. Resending a batch that was taken (the same first sequence, timestamps and values) returns
/// the same predictions without counting the points again.
/// </summary>
[GenerateSerializer]
[Alias("MLNetAnomaly.Orleans.SeriesBatch")]
public sealed record SeriesBatch
{
    /// <summary>The fitted model the series is scored with (registered with <see cref="Client.AnomalyFleetClient.RegisterModelAsync(string, byte[])"/>). The first batch binds the series to it.</summary>
    [Id(0)]
    public required string ModelId { get; init; }

    /// <summary>The sequence number of the batch's first point: the number of points the series has taken before it.</summary>
    [Id(1)]
    public required long FirstSequence { get; init; }

    /// <summary>Each point's timestamp (UTC), strictly increasing, and later than the series' last point.</summary>
    [Id(2)]
    public required DateTime[] Timestamps { get; init; }

    /// <summary>The points' values, row-major: <c>Timestamps.Length × dimensions</c> of them. NaN is a missing value.</summary>
    [Id(3)]
    public required float[] Values { get; init; }
}
