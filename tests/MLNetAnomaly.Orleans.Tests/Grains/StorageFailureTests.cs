using MLNetAnomaly.Orleans.Tests.TestFramework;

namespace MLNetAnomaly.Orleans.Tests.Grains;

/// <summary>A failed storage write is not acknowledged and leaves nothing behind: the resent batch continues exactly.</summary>
public sealed class StorageFailureTests
{
    [Fact]
    public async Task AFailedWriteIsNotAcknowledgedAndTheResentBatchContinuesExactly()
    {
        await using var cluster = await FleetCluster.StartAsync(silos: 1);
        await cluster.Fleet.RegisterModelAsync("lstm", TestModels.Lstm);
        var points = Series.Values("flaky", 60, 1);
        var writer = cluster.Fleet.OpenSeries("flaky", "lstm");
        var first = await writer.AppendAsync(Series.Timestamps(0, 30), Series.Flatten(points, 0, 30));

        SharedMemoryGrainStorage.FailNextWrites(cluster.ServiceId, 2);
        var second = await writer.AppendAsync(Series.Timestamps(30, 30), Series.Flatten(points, 30, 30));

        Assert.True(writer.Retries >= 2, $"both failed writes were resent ({writer.Retries} retries)");
        Assert.Equal(ExactPredictionsTests.Expected("flaky", "lstm", 60), first.Concat(second).ToArray());
        Assert.Equal(60, (await cluster.Fleet.GetStatusAsync("flaky")).NextSequence);
    }
}
