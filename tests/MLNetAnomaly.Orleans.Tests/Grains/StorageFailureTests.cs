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

    [Fact]
    public async Task AWriterThatGaveUpAsksTheSeriesWhereItStandsBeforeItsNextBatch()
    {
        await using var cluster = await FleetCluster.StartAsync(silos: 1);
        await cluster.Fleet.RegisterModelAsync("iid", TestModels.IidSpike);
        var points = Series.Values("gave-up", 40, 1);
        var writer = cluster.Fleet.OpenSeries("gave-up", "iid", retry: TimeSpan.Zero);
        var first = await writer.AppendAsync(Series.Timestamps(0, 20), Series.Flatten(points, 0, 20));

        SharedMemoryGrainStorage.FailNextWrites(cluster.ServiceId, 1);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => writer.AppendAsync(Series.Timestamps(20, 20), Series.Flatten(points, 20, 20)));
        var unknown = writer.NextSequence;
        var second = await writer.AppendAsync(Series.Timestamps(20, 20), Series.Flatten(points, 20, 20));

        Assert.Contains("did not take the batch at sequence 20", error.Message);
        Assert.Null(unknown);
        Assert.Equal(40, writer.NextSequence);
        Assert.Equal(ExactPredictionsTests.Expected("gave-up", "iid", 40), first.Concat(second).ToArray());
    }
}
