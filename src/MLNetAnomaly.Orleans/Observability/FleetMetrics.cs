using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MLNetAnomaly.Orleans.Observability;

/// <summary>
/// The fleet's counters on one silo, through .NET's metrics API (meter <see cref="AnomalyFleet.MeterName"/>), tagged
/// with the silo's address, so an OpenTelemetry setup that listens to the meter sees them per silo:
/// <c>mlnet_anomaly.fleet.series.active</c>, <c>.points</c> (its rate is points/s), <c>.checkpoint.writes</c>,
/// <c>.checkpoint.bytes</c>, <c>.replays</c> and <c>.failures</c> (tagged with the reason).
/// </summary>
internal sealed class FleetMetrics
{
    private static readonly Meter Meter = new(AnomalyFleet.MeterName);
    private static readonly UpDownCounter<long> ActiveSeries = Meter.CreateUpDownCounter<long>("mlnet_anomaly.fleet.series.active", "{series}", "Series grains active on the silo.");
    private static readonly Counter<long> PointCount = Meter.CreateCounter<long>("mlnet_anomaly.fleet.points", "{point}", "Points scored and made durable.");
    private static readonly Counter<long> CheckpointWrites = Meter.CreateCounter<long>("mlnet_anomaly.fleet.checkpoint.writes", "{write}", "Series states written to grain storage.");
    private static readonly Histogram<long> CheckpointBytes = Meter.CreateHistogram<long>("mlnet_anomaly.fleet.checkpoint.bytes", "By", "Size of each engine checkpoint written.");
    private static readonly Counter<long> Replays = Meter.CreateCounter<long>("mlnet_anomaly.fleet.replays", "{batch}", "Batches resent after a lost reply, answered from the stored predictions.");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("mlnet_anomaly.fleet.failures", "{batch}", "Batches refused or failed.");

    private readonly KeyValuePair<string, object?> _silo;

    public FleetMetrics(ILocalSiloDetails silo) => _silo = new("silo", silo.SiloAddress.ToString());

    public void SeriesActivated() => ActiveSeries.Add(1, _silo);

    public void SeriesDeactivated() => ActiveSeries.Add(-1, _silo);

    public void BatchStored(int points, int checkpointBytes)
    {
        PointCount.Add(points, _silo);
        CheckpointWrites.Add(1, _silo);
        CheckpointBytes.Record(checkpointBytes, _silo);
    }

    public void BatchReplayed() => Replays.Add(1, _silo);

    public void BatchFailed(string reason) => Failures.Add(1, new TagList { _silo, new("reason", reason) });
}
