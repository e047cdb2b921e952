using Microsoft.Extensions.Options;

namespace MLNetAnomaly.Orleans.Hosting;

/// <summary>Bounds the fits (and selections) a silo runs at once (<see cref="AnomalyFleetOptions.MaxConcurrentFits"/>).</summary>
internal sealed class FitLimiter(IOptions<AnomalyFleetOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrentFits));

    public Task WaitAsync() => _slots.WaitAsync();

    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
