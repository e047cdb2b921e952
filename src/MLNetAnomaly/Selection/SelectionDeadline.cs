namespace MLNetAnomaly.Selection;

/// <summary>
/// Cancels a token source when a time budget runs out, from a thread of its own. <c>CancelAfter</c> fires from the
/// thread pool, which trials in parallel (and a busy test run or service) can keep busy for seconds past the
/// deadline; a dedicated waiting thread wakes on time whatever the pool is doing.
/// </summary>
internal sealed class SelectionDeadline : IDisposable
{
    private readonly ManualResetEventSlim _finished = new();
    private readonly Thread _thread;

    private SelectionDeadline(CancellationTokenSource source, TimeSpan budget)
    {
        _thread = new Thread(() =>
        {
            if (!_finished.Wait(budget))
            {
                source.Cancel();
            }
        })
        {
            IsBackground = true,
            Name = "MLNetAnomaly selection deadline",
        };
        _thread.Start();
    }

    /// <summary>Starts waiting: <paramref name="source"/> is cancelled once <paramref name="budget"/> has passed, unless disposed first.</summary>
    internal static SelectionDeadline Start(CancellationTokenSource source, TimeSpan budget) => new(source, budget);

    /// <summary>Stops waiting (the selection ended within its budget) and lets the thread end.</summary>
    public void Dispose()
    {
        _finished.Set();
        _thread.Join();
        _finished.Dispose();
    }
}
