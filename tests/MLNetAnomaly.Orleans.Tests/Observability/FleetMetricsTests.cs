using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MLNetAnomaly.Orleans.Tests.TestFramework;

namespace MLNetAnomaly.Orleans.Tests.Observability;

/// <summary>The per-silo counters reach a listener of the meter, as an OpenTelemetry setup would listen.</summary>
public sealed class FleetMetricsTests
{
    [Fact]
    public async Task PointsCheckpointsReplaysAndActiveSeriesAreCountedPerSilo()
    {
        // Other tests' clusters may run in this process at the same time: measurements are kept with their silo.
        var measurements = new ConcurrentQueue<(string Name, long Value, string Silo)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AnomalyFleet.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var silo = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == "silo")
                {
                    silo = (string)tag.Value!;
                }
            }

            measurements.Enqueue((instrument.Name, value, silo));
        });
        listener.Start();

        await using var cluster = await FleetCluster.StartAsync(silos: 2);
        var ours = cluster.Cluster.GetActiveSilos().Select(s => s.SiloAddress.ToString()).ToHashSet();
        await cluster.Fleet.RegisterModelAsync("iid", TestModels.IidSpike);
        var ids = Enumerable.Range(0, 8).Select(i => $"metered-{i}").ToArray();
        foreach (var id in ids)
        {
            var points = Series.Values(id, 50, 1);
            var writer = cluster.Fleet.OpenSeries(id, "iid");
            await writer.AppendAsync(Series.Timestamps(0, 30), Series.Flatten(points, 0, 30));
            await writer.AppendAsync(Series.Timestamps(30, 20), Series.Flatten(points, 30, 20));
        }

        var resent = cluster.Cluster.Client.GetGrain<MLNetAnomaly.Orleans.Grains.IAnomalySeriesGrain>(ids[0]);
        var last = Series.Values(ids[0], 50, 1);
        await resent.Append(new MLNetAnomaly.Orleans.Contracts.SeriesBatch { ModelId = "iid", FirstSequence = 30, Timestamps = Series.Timestamps(30, 20), Values = Series.Flatten(last, 30, 20) });
        await Assert.ThrowsAnyAsync<ArgumentException>(() => resent.Append(new MLNetAnomaly.Orleans.Contracts.SeriesBatch { ModelId = "iid", FirstSequence = 99, Timestamps = Series.Timestamps(99, 1), Values = new float[1] }));
        var totals = measurements.Where(m => ours.Contains(m.Silo)).GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        var silos = measurements.Where(m => ours.Contains(m.Silo)).Select(m => m.Silo).Distinct().Count();

        Assert.Equal(8 * 50, totals.GetValueOrDefault("mlnet_anomaly.fleet.points"));
        Assert.Equal(8 * 2, totals.GetValueOrDefault("mlnet_anomaly.fleet.checkpoint.writes"));
        Assert.Equal(8, totals.GetValueOrDefault("mlnet_anomaly.fleet.series.active"));
        Assert.True(totals.GetValueOrDefault("mlnet_anomaly.fleet.replays") >= 1, "the resent batch was answered as a replay (a timed-out call resent on a loaded machine adds more)");
        Assert.Equal(1, totals.GetValueOrDefault("mlnet_anomaly.fleet.failures"));
        Assert.True(totals.GetValueOrDefault("mlnet_anomaly.fleet.checkpoint.bytes") > 0);
        Assert.Equal(2, silos); // both silos hold series (placement by activation count), each counted under its address
    }
}
