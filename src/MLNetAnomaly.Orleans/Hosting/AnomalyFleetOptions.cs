namespace MLNetAnomaly.Orleans.Hosting;

/// <summary>Settings of the fleet's grains on one silo.</summary>
public sealed class AnomalyFleetOptions
{
    /// <summary>
    /// The CPU threads libtorch uses for each operation. A silo runs many series at once on .NET's thread pool, so one
    /// thread per operation keeps the cores busy without oversubscribing them; libtorch keeps one count per process,
    /// so this sets it for the whole silo process. Null leaves libtorch's choice (one per core). Default 1.
    /// </summary>
    public int? TorchThreads { get; set; } = 1;

    /// <summary>
    /// The most models (of series registered with a <see cref="Contracts.FitRecipe"/>) this silo fits at once; more
    /// wait. Fitting a deep detector keeps a core busy for seconds to minutes. Default: half the cores, at least 1.
    /// </summary>
    public int MaxConcurrentFits { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Engine settings for every series (for example carrying a recurrent network's state). Default: the engine's defaults.</summary>
    public MLNetAnomaly.Streaming.StreamingEngineOptions Engine { get; set; } = new();
}
