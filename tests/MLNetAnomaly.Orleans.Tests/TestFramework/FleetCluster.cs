using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MLNetAnomaly.Orleans.Client;
using MLNetAnomaly.Orleans.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MLNetAnomaly.Orleans.Tests.TestFramework;

/// <summary>An in-process Orleans test cluster of several silos hosting the fleet, with storage that outlives a silo.</summary>
public sealed class FleetCluster : IAsyncDisposable
{
    private FleetCluster(TestCluster cluster) => Cluster = cluster;

    /// <summary>The test cluster.</summary>
    public TestCluster Cluster { get; }

    /// <summary>The fleet's client over the cluster's client.</summary>
    public AnomalyFleetClient Fleet => new(Cluster.Client);

    /// <summary>The cluster's service id, which keys its storage.</summary>
    public string ServiceId => Cluster.Options.ServiceId;

    /// <summary>Starts a cluster of <paramref name="silos"/> silos.</summary>
    public static async Task<FleetCluster> StartAsync(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ServiceId = "fleet-" + Guid.NewGuid().ToString("N");
        builder.Options.ConfigureFileLogging = false;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new FleetCluster(cluster);
    }

    /// <summary>The series grains active now: series id to the silo holding it.</summary>
    public Task<Dictionary<string, SiloAddress>> ActiveSeriesAsync() => ActiveSeriesAsync(Cluster.Client);

    /// <summary>The series grains active now in the cluster <paramref name="client"/> talks to: series id to silo.</summary>
    public static async Task<Dictionary<string, SiloAddress>> ActiveSeriesAsync(IClusterClient client)
    {
        var statistics = await client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Where(s => s.GrainId.Type.ToString() == "anomalyseries").ToDictionary(s => s.GrainId.Key.ToString()!, s => s.SiloAddress);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddAnomalyFleet();
            silo.Services.AddKeyedSingleton<IGrainStorage>(AnomalyFleet.StorageName, (services, _) => ActivatorUtilities.CreateInstance<SharedMemoryGrainStorage>(services));
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client)
            => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
    }
}
