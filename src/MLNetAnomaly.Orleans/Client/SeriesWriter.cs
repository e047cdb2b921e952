using MLNetAnomaly.Orleans.Contracts;
using MLNetAnomaly.Orleans.Grains;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Orleans.Client;

/// <summary>
/// Sends one series' points to its grain, in order, one batch at a time. It learns the series' next sequence number from
/// the grain on first use (so a restarted client continues where the stored series is), numbers each batch, and resends
/// a batch whose call failed for a reason the cluster recovers from (a silo died, a timeout, a storage conflict):
/// the grain either takes it then or, if it had been taken, answers it again without counting it twice.
/// Not thread-safe: one writer per series, one call at a time.
/// </summary>
public sealed class SeriesWriter
{
    private readonly IAnomalySeriesGrain _grain;
    private readonly string _modelId;
    private readonly TimeSpan _retry;
    private long? _next;

    internal SeriesWriter(IAnomalySeriesGrain grain, string seriesId, string modelId, TimeSpan retry)
    {
        (_grain, SeriesId, _modelId, _retry) = (grain, seriesId, modelId, retry);
    }

    /// <summary>The series' id.</summary>
    public string SeriesId { get; }

    /// <summary>Calls that failed and were sent again.</summary>
    public int Retries { get; private set; }

    /// <summary>
    /// The sequence number the next batch will carry; null until the writer has asked the series, and again after a
    /// batch timed out (the next call asks the series where it stands, since the batch may or may not have been taken).
    /// </summary>
    public long? NextSequence => _next;

    /// <summary>
    /// Scores the next points and returns their predictions, once they are durable.
    /// </summary>
    /// <param name="timestamps">The points' timestamps (UTC), strictly increasing and after the series' last point.</param>
    /// <param name="values">The values, row-major: one per point for a univariate model, else <c>points × dimensions</c>.</param>
    /// <param name="cancellation">Stops the retries.</param>
    /// <exception cref="ArgumentException">The grain refused the batch (see <see cref="IAnomalySeriesGrain.Append"/>); nothing was taken.</exception>
    /// <exception cref="TimeoutException">
    /// The cluster did not answer within the retry time. The batch may have been taken: <c>GetStatus</c> (or the
    /// writer's next call, which asks the series first) tells; resending it is refused if it was.
    /// </exception>
    public async Task<AnomalyPrediction[]> AppendAsync(DateTime[] timestamps, float[] values, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(values);
        try
        {
            return await SendAsync(timestamps, values, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            _next = null; // cancelled after a failed try: the batch may have been taken, so the next call asks the series
            throw;
        }
    }

    private async Task<AnomalyPrediction[]> SendAsync(DateTime[] timestamps, float[] values, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + _retry;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                _next ??= (await _grain.GetStatus().ConfigureAwait(false)).NextSequence;
                var result = await _grain.Append(new SeriesBatch { ModelId = _modelId, FirstSequence = _next.Value, Timestamps = timestamps, Values = values }).ConfigureAwait(false);
                _next = result.NextSequence;
                return result.Predictions;
            }
            catch (Exception exception) when (IsTransient(exception) && DateTime.UtcNow < deadline)
            {
                Retries++;
                await Task.Delay(delay, cancellation).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2_000));
            }
            catch (Exception exception) when (IsTransient(exception))
            {
                var sequence = _next;
                _next = null; // the batch may have been taken: the next call asks the series
                throw new TimeoutException($"Series '{SeriesId}': the cluster did not take the batch at sequence {sequence} within {_retry.TotalSeconds:N0} s ({Retries} retries); the last failure was: {exception.Message}", exception);
            }
        }
    }

    // Failures the cluster recovers from: anything but a refusal of the batch itself.
    private static bool IsTransient(Exception exception)
        => exception is not (ArgumentException or NotSupportedException or InvalidOperationException or OperationCanceledException) || exception is TaskCanceledException { CancellationToken.IsCancellationRequested: false };
}
