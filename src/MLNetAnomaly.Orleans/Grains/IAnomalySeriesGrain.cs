using MLNetAnomaly.Orleans.Contracts;

namespace MLNetAnomaly.Orleans.Grains;

/// <summary>
/// One series of a fleet, keyed by the series' id: a streaming engine over a shared fitted model, whose state (the
/// engine's checkpoint and the position of the last point taken) is made durable before each batch is acknowledged.
/// </summary>
[Alias("MLNetAnomaly.Orleans.IAnomalySeriesGrain")]
public interface IAnomalySeriesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Scores the next points of the series and returns their predictions once the series' new state is stored. A batch
    /// resent after a lost reply (the last batch taken, unchanged) returns the predictions it got, marked
    /// <see cref="SeriesBatchResult.Replayed"/>, and changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The batch is refused and the series' state is unchanged: an unknown model, another model than the series is bound
    /// to, values that are not <c>points × dimensions</c>, timestamps not strictly increasing or not after the series'
    /// last point, or a first sequence number other than the one the series expects.
    /// </exception>
    [Alias("Append")]
    Task<SeriesBatchResult> Append(SeriesBatch batch);

    /// <summary>The series' model, the number of points it has taken and the last point's timestamp, as stored.</summary>
    [Alias("GetStatus")]
    Task<SeriesStatus> GetStatus();
}
