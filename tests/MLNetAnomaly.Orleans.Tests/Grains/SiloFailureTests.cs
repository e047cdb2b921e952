using MLNetAnomaly.Orleans.Tests.TestFramework;

namespace MLNetAnomaly.Orleans.Tests.Grains;

/// <summary>
/// The fleet's guarantee: a silo killed mid-stream loses no acknowledged point and repeats none. The proof is exactness:
/// every series' predictions equal an uninterrupted single-process run's, which a lost or repeated point would shift.
/// </summary>
public sealed class SiloFailureTests
{
    [Fact]
    public async Task KillingASiloMidStreamLosesNoAcknowledgedPointAndRepeatsNone()
    {
        await using var cluster = await FleetCluster.StartAsync(silos: 3);
        await cluster.Fleet.RegisterModelAsync("lstm", TestModels.Lstm);
        await cluster.Fleet.RegisterModelAsync("iid", TestModels.IidSpike);
        var ids = Enumerable.Range(0, 24).Select(i => $"sensor-{i}").ToArray();
        const int Points = 150;
        var writers = ids.Select((id, i) => cluster.Fleet.OpenSeries(id, i % 2 == 0 ? "lstm" : "iid")).ToArray();

        var (streamed, onVictim) = await KillDuringStreams.RunAsync(cluster.Cluster, ids, writers, Points, series => Series.Batches(Points, largest: 10, seed: series));

        Assert.True(onVictim > 0, "the killed silo held series");
        Assert.True(writers.Sum(w => w.Retries) > 0, "some batches were resent after the kill");
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(ExactPredictionsTests.Expected(ids[i], i % 2 == 0 ? "lstm" : "iid", Points), streamed[i]);
            Assert.Equal(Points, (await cluster.Fleet.GetStatusAsync(ids[i])).NextSequence);
        }
    }
}
