using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MLNetAnomaly.Orleans;
using MLNetAnomaly.Orleans.Hosting;
using Orleans.Configuration;

namespace Fleet;

/// <summary>One silo of the fleet: ADO.NET clustering and grain storage on PostgreSQL, the fleet's grains.</summary>
internal static class SiloProcess
{
    public static async Task RunAsync(string connection, int siloPort, int gatewayPort, string cluster, int coordinator)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster, cluster))
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connection))
            .AddAdoNetGrainStorage(AnomalyFleet.StorageName, o => (o.Invariant, o.ConnectionString) = ("Npgsql", connection))
            .ConfigureEndpoints(System.Net.IPAddress.Loopback, siloPort, gatewayPort)
            // A dead silo is declared dead after a few missed probes of one second, not the defaults' tens of seconds.
            .Configure<ClusterMembershipOptions>(o => (o.ProbeTimeout, o.NumMissedProbesLimit) = (TimeSpan.FromSeconds(1), 2))
            .AddAnomalyFleet());
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine($"silo {siloPort} up");

        // A sample's silo lives as long as the process that started it, however that one ends.
        using var parent = System.Diagnostics.Process.GetProcessById(coordinator);
        await Task.WhenAny(host.WaitForShutdownAsync(), parent.WaitForExitAsync());
    }
}
