using Microsoft.Extensions.DependencyInjection;
using MLNetAnomaly.Orleans.Observability;

namespace MLNetAnomaly.Orleans.Hosting;

/// <summary>Adds the fleet's grains' services to a silo.</summary>
public static class AnomalyFleetSiloBuilderExtensions
{
    /// <summary>
    /// Makes this silo host series and model grains: the per-silo model cache and the fleet's counters. Register a
    /// grain storage named <see cref="AnomalyFleet.StorageName"/> as well (memory for tests, ADO.NET for PostgreSQL).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Optional settings (libtorch's threads, engine options).</param>
    public static ISiloBuilder AddAnomalyFleet(this ISiloBuilder builder, Action<AnomalyFleetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<AnomalyFleetOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSingleton<SiloModelCache>();
        builder.Services.AddSingleton<FleetMetrics>();
        builder.Services.AddSingleton<FitLimiter>();
        return builder;
    }
}
