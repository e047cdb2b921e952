using MLNetAnomaly.Orleans.Contracts;
using MLNetAnomaly.Orleans.Grains;
using MLNetAnomaly.Orleans.Tests.TestFramework;

namespace MLNetAnomaly.Orleans.Tests.Grains;

/// <summary>
/// Bad input at the grain boundary is a clear error that leaves the series' state unchanged: after each refusal the
/// series continues with exactly the predictions of a run that never saw the bad batch.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private FleetCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await FleetCluster.StartAsync(silos: 2);
        await _cluster.Fleet.RegisterModelAsync("iid", TestModels.IidSpike);
        await _cluster.Fleet.RegisterModelAsync("lstm-2d", TestModels.VectorLstm);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public static TheoryData<string, string> BadBatches => new()
    {
        { "other-model", "is scored with model 'iid'; the batch names model 'lstm-2d'" },
        { "wrong-vector-size", "takes 1 value(s) per point, so 5 points need 5 values; the batch has 10" },
        { "out-of-order", "point 22 has timestamp 2026-01-01T00:20:00.0000000Z, not after the point before it (2026-01-01T00:21:00.0000000Z)" },
        { "before-the-last-point", "point 20 has timestamp 2026-01-01T00:19:00.0000000Z, not after the series' last point" },
        { "gap", "expects sequence number 20 next; the batch starts at 25. Points before it are missing" },
        { "taken-already", "expects sequence number 20 next; the batch starts at 10. Those points were taken already" },
        { "changed-resend", "expects sequence number 20 next; the batch starts at 15" },
        { "empty", "the batch has no points" },
        { "no-model", "the batch names no model" },
        { "negative-sequence", "the first sequence number must not be negative" },
        { "too-many-points", "the batch has 100,001 points; at most 100,000 are accepted at once" },
        { "fitted-model-id", "'iid@other' is a model fitted for one series from a recipe; send the recipe's id, 'iid'" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task ABadBatchIsNamedAndLeavesTheSeriesUnchanged(string @case, string message)
    {
        var id = "bad-" + @case;
        var grain = _cluster.Cluster.Client.GetGrain<IAnomalySeriesGrain>(id);
        var points = Series.Values(id, 40, 1);
        SeriesBatch Batch(int start, int count, string model = "iid") => new() { ModelId = model, FirstSequence = start, Timestamps = Series.Timestamps(start, count), Values = Series.Flatten(points, start, count) };
        var taken = (await grain.Append(Batch(0, 15))).Predictions.Concat((await grain.Append(Batch(15, 5))).Predictions).ToList();
        var before = await grain.GetStatus();

        var bad = @case switch
        {
            "other-model" => Batch(20, 5, "lstm-2d"),
            "wrong-vector-size" => Batch(20, 5) with { Values = new float[10] },
            "out-of-order" => Batch(20, 5) with { Timestamps = Series.Timestamps(20, 5).Select((t, i) => i == 2 ? t.AddMinutes(-2) : t).ToArray() },
            "before-the-last-point" => Batch(20, 5) with { Timestamps = Series.Timestamps(19, 5) },
            "gap" => Batch(25, 5),
            "taken-already" => Batch(10, 5),
            "changed-resend" => Batch(15, 5) with { Values = new float[5] },
            "empty" => Batch(20, 5) with { Timestamps = Array.Empty<DateTime>(), Values = Array.Empty<float>() },
            "no-model" => Batch(20, 5) with { ModelId = " " },
            "negative-sequence" => Batch(20, 5) with { FirstSequence = -1 },
            "too-many-points" => Batch(20, 5) with { Timestamps = Series.Timestamps(20, 100_001), Values = new float[100_001] },
            "fitted-model-id" => Batch(20, 5) with { ModelId = "iid@other" },
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.Append(bad));
        var after = await grain.GetStatus();
        taken.AddRange((await grain.Append(Batch(20, 20))).Predictions);

        Assert.Contains(message, error.Message);
        Assert.Contains($"'{id}'", error.Message);
        Assert.Equal(before, after);
        Assert.Equal(ExactPredictionsTests.Expected(id, "iid", 40), taken.ToArray());
    }

    [Fact]
    public async Task AnUnknownModelIsNamedAndBindsNothing()
    {
        var grain = _cluster.Cluster.Client.GetGrain<IAnomalySeriesGrain>("unknown-model");
        var points = Series.Values("unknown-model", 20, 1);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.Append(new SeriesBatch { ModelId = "nope", FirstSequence = 0, Timestamps = Series.Timestamps(0, 20), Values = Series.Flatten(points, 0, 20) }));
        var status = await grain.GetStatus();
        var predictions = await grain.Append(new SeriesBatch { ModelId = "iid", FirstSequence = 0, Timestamps = Series.Timestamps(0, 20), Values = Series.Flatten(points, 0, 20) });

        Assert.Contains("No model is registered under the id 'nope'", error.Message);
        Assert.Equal(new SeriesStatus(), status);
        Assert.Equal(ExactPredictionsTests.Expected("unknown-model", "iid", 20), predictions.Predictions);
    }

    [Fact]
    public async Task AVectorModelTakesPointsOfItsSize()
    {
        var writer = _cluster.Fleet.OpenSeries("vector", "lstm-2d");
        var points = Series.Values("vector", 30, 2);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => writer.AppendAsync(Series.Timestamps(0, 30), Series.Flatten(points, 0, 30).Take(45).ToArray()));
        var predictions = await writer.AppendAsync(Series.Timestamps(0, 30), Series.Flatten(points, 0, 30));

        Assert.Contains("takes 2 value(s) per point, so 30 points need 60 values; the batch has 45", error.Message);
        Assert.Equal(ExactPredictionsTests.Expected("vector", "lstm-2d", 30), predictions);
    }

    [Fact]
    public async Task AModelIdNamesOneModelForGood()
    {
        var again = await _cluster.Fleet.RegisterModelAsync("iid", TestModels.IidSpike);
        var other = await Assert.ThrowsAnyAsync<ArgumentException>(() => _cluster.Fleet.RegisterModelAsync("iid", TestModels.Lstm));
        var garbage = await Assert.ThrowsAnyAsync<ArgumentException>(() => _cluster.Fleet.RegisterModelAsync("garbage", new byte[] { 1, 2, 3 }));
        var empty = await Assert.ThrowsAnyAsync<ArgumentException>(() => _cluster.Fleet.RegisterModelAsync("empty", Array.Empty<byte>()));

        Assert.Equal(1, again.Dimensions);
        Assert.Contains("already names another model", other.Message);
        Assert.Contains("Model 'garbage' is not an ML.NET model zip", garbage.Message);
        Assert.Contains("the model bytes are empty", empty.Message);
        Assert.Null(await _cluster.Cluster.Client.GetGrain<IAnomalyModelGrain>("garbage").GetModel());
    }
}
