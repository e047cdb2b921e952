using MLNetAnomaly.Orleans.Contracts;
using MLNetAnomaly.Orleans.Grains;
using MLNetAnomaly.Orleans.Tests.TestFramework;
using MLNetAnomaly.Streaming;
using Orleans.Runtime;

namespace MLNetAnomaly.Orleans.Tests.Grains;

/// <summary>
/// Many series on several silos give exactly the predictions of single-process engines fed the same points; a grain
/// deactivated and reactivated continues exactly; a resent batch is answered again without being counted twice.
/// </summary>
public sealed class ExactPredictionsTests : IAsyncLifetime
{
    private FleetCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await FleetCluster.StartAsync(silos: 3);
        await _cluster.Fleet.RegisterModelAsync("iid", TestModels.IidSpike);
        await _cluster.Fleet.RegisterModelAsync("lstm", TestModels.Lstm);
        await _cluster.Fleet.RegisterModelAsync("lstm-2d", TestModels.VectorLstm);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ManySeriesOnSeveralSilosGiveExactlyTheSingleProcessPredictions()
    {
        var series = Enumerable.Range(0, 30).Select(i => (Id: $"host-{i}", Model: (i % 3) switch { 0 => "iid", 1 => "lstm", _ => "lstm-2d" })).ToList();
        var streamed = await Task.WhenAll(series.Select(s => Stream(s.Id, s.Model, 160, seed: s.Id.GetHashCode())));

        for (var i = 0; i < series.Count; i++)
        {
            Assert.Equal(Expected(series[i].Id, series[i].Model, 160), streamed[i]);
            Assert.Equal(160, (await _cluster.Fleet.GetStatusAsync(series[i].Id)).NextSequence);
        }

        // Spread over the silos, not all on one.
        var active = await _cluster.ActiveSeriesAsync();
        Assert.True(series.All(s => active.ContainsKey(s.Id)), "every series is active");
        Assert.True(active.Values.Distinct().Count() > 1, $"series grains on more than one silo: {string.Join(", ", active.GroupBy(a => a.Value).Select(g => $"{g.Count()} on {g.Key}"))}");
    }

    [Fact]
    public async Task AGrainDeactivatedAndReactivatedContinuesExactly()
    {
        var writer = _cluster.Fleet.OpenSeries("reactivated", "lstm");
        var points = Series.Values("reactivated", 120, 1);
        var first = await writer.AppendAsync(Series.Timestamps(0, 70), Series.Flatten(points, 0, 70));

        Assert.True((await _cluster.ActiveSeriesAsync()).ContainsKey("reactivated"));
        await _cluster.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.False((await _cluster.ActiveSeriesAsync()).ContainsKey("reactivated"), "the grain was deactivated");

        var second = await writer.AppendAsync(Series.Timestamps(70, 50), Series.Flatten(points, 70, 50));

        Assert.Equal(Expected("reactivated", "lstm", 120), first.Concat(second).ToArray());
    }

    [Fact]
    public async Task AResentBatchGetsTheSamePredictionsAndIsNotCountedTwice()
    {
        var grain = _cluster.Cluster.Client.GetGrain<IAnomalySeriesGrain>("resent");
        var points = Series.Values("resent", 60, 1);
        var batch = new SeriesBatch { ModelId = "iid", FirstSequence = 0, Timestamps = Series.Timestamps(0, 40), Values = Series.Flatten(points, 0, 40) };

        var taken = await grain.Append(batch);
        var resent = await grain.Append(batch);
        var rest = await grain.Append(new SeriesBatch { ModelId = "iid", FirstSequence = 40, Timestamps = Series.Timestamps(40, 20), Values = Series.Flatten(points, 40, 20) });

        Assert.False(taken.Replayed);
        Assert.True(resent.Replayed);
        Assert.Equal(taken.Predictions, resent.Predictions);
        Assert.Equal(Expected("resent", "iid", 60), taken.Predictions.Concat(rest.Predictions).ToArray());
        Assert.Equal(60, (await grain.GetStatus()).NextSequence);
    }

    private async Task<AnomalyPrediction[]> Stream(string id, string model, int count, int seed)
    {
        var dimensions = model == "lstm-2d" ? 2 : 1;
        var points = Series.Values(id, count, dimensions);
        var writer = _cluster.Fleet.OpenSeries(id, model);
        var predictions = new List<AnomalyPrediction>();
        foreach (var (start, size) in Series.Batches(count, largest: 25, seed))
        {
            predictions.AddRange(await writer.AppendAsync(Series.Timestamps(start, size), Series.Flatten(points, start, size)));
        }

        return predictions.ToArray();
    }

    internal static AnomalyPrediction[] Expected(string id, string model, int count)
    {
        var bytes = model switch { "iid" => TestModels.IidSpike, "lstm" => TestModels.Lstm, _ => TestModels.VectorLstm };
        using var engine = TestModels.LocalEngine(bytes);
        return Series.Values(id, count, engine.Dimensions).Select(p => engine.Predict(p)).ToArray();
    }
}
