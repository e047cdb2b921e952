using MLNetAnomaly.Orleans.Contracts;
using MLNetAnomaly.Orleans.Grains;
using MLNetAnomaly.Orleans.Tests.TestFramework;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Orleans.Tests.Grains;

/// <summary>
/// Series without a model: each series bound to a recipe gets warm-up predictions for its first N points, then a model
/// fitted (or chosen by selection) on exactly those points, and then the predictions a single process gives with that
/// model; the fitting survives a reactivation and a failed storage write.
/// </summary>
public sealed class RecipeTests : IAsyncLifetime
{
    private static readonly AnomalyPrediction WarmUp = new(false, 0, 0.5, double.NaN, double.NaN);
    private FleetCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await FleetCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task EachSeriesGetsItsOwnModelFittedOnItsFirstPoints()
    {
        var recipe = new FitRecipe { TrainingPoints = 60, Detector = "iid-spike" };
        await _cluster.Fleet.RegisterRecipeAsync("iid-per-series", recipe);
        var ids = Enumerable.Range(0, 6).Select(i => $"recipe-{i}").ToArray();

        var streamed = await Task.WhenAll(ids.Select(async (id, s) =>
        {
            var points = Series.Values(id, 150, 1);
            var writer = _cluster.Fleet.OpenSeries(id, "iid-per-series");
            var predictions = new List<AnomalyPrediction>();
            foreach (var (start, size) in Series.Batches(150, largest: 25, seed: s))
            {
                predictions.AddRange(await writer.AppendAsync(Series.Timestamps(start, size), Series.Flatten(points, start, size)));
            }

            return predictions.ToArray();
        }));

        for (var s = 0; s < ids.Length; s++)
        {
            Assert.Equal(Expected(ids[s], recipe, 150), streamed[s]);
            var fitted = (await _cluster.Fleet.GetStatusAsync(ids[s])).FittedModelId;
            Assert.StartsWith($"iid-per-series@{ids[s]}#", fitted);
            Assert.NotNull(await _cluster.Cluster.Client.GetGrain<IAnomalyModelGrain>(fitted!).GetModel());
        }
    }

    [Fact]
    public async Task AutoSelectsAModelAndAReactivatedOrFailedSeriesContinuesExactly()
    {
        var recipe = new FitRecipe { TrainingPoints = 80, Detector = FitRecipe.Auto, Candidates = new[] { "iid-spike", "ssa-spike" }, MaxTrials = 3 };
        await _cluster.Fleet.RegisterRecipeAsync("auto", recipe);
        var points = Series.Values("auto-series", 140, 1);
        var writer = _cluster.Fleet.OpenSeries("auto-series", "auto");

        var first = await writer.AppendAsync(Series.Timestamps(0, 50), Series.Flatten(points, 0, 50));
        await _cluster.Cluster.Client.GetGrain<global::Orleans.Runtime.IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        // The batch crossing 80 points fits: the fitted model's write fails, then (refitted) the series' write fails.
        SharedMemoryGrainStorage.FailNextWrites(_cluster.ServiceId, 2);
        var second = await writer.AppendAsync(Series.Timestamps(50, 60), Series.Flatten(points, 50, 60));
        var third = await writer.AppendAsync(Series.Timestamps(110, 30), Series.Flatten(points, 110, 30));

        Assert.True(writer.Retries >= 2, $"both failed writes were resent ({writer.Retries} retries)");
        var fitted = (await _cluster.Fleet.GetStatusAsync("auto-series")).FittedModelId;
        Assert.NotNull(await _cluster.Cluster.Client.GetGrain<IAnomalyModelGrain>(fitted!).GetModel());
        Assert.Equal(Expected("auto-series", recipe, 140), first.Concat(second).Concat(third).ToArray());
    }

    [Fact]
    public async Task ABadRecipeOrAClashingIdIsNamed()
    {
        await _cluster.Fleet.RegisterModelAsync("a-model", TestModels.IidSpike);
        var tooShort = Assert.Throws<ArgumentException>(() => new FitRecipe { TrainingPoints = 5 }.Validate());
        var unknown = Assert.Throws<ArgumentException>(() => new FitRecipe { TrainingPoints = 50, Detector = "prophet" }.Validate());
        var clash = await Assert.ThrowsAnyAsync<ArgumentException>(() => _cluster.Fleet.RegisterRecipeAsync("a-model", new FitRecipe { TrainingPoints = 50 }));
        await _cluster.Fleet.RegisterRecipeAsync("r", new FitRecipe { TrainingPoints = 50, Detector = "iid-spike" });
        var again = await _cluster.Fleet.RegisterRecipeAsync("r", new FitRecipe { TrainingPoints = 50, Detector = "IID-SPIKE" });
        var other = await Assert.ThrowsAnyAsync<ArgumentException>(() => _cluster.Fleet.RegisterRecipeAsync("r", new FitRecipe { TrainingPoints = 51, Detector = "iid-spike" }));

        Assert.Contains("TrainingPoints must be between 20 and 20,000", tooShort.Message);
        Assert.Contains("'prophet' is not a detector", unknown.Message);
        Assert.Contains("names a fitted model", clash.Message);
        Assert.Equal(50, again.WarmUpLength);
        Assert.Contains("already names another recipe", other.Message);
        var reserved = await Assert.ThrowsAnyAsync<ArgumentException>(() => _cluster.Fleet.RegisterModelAsync("r@someone", TestModels.IidSpike));
        Assert.Contains("are kept for the models series fit from recipes", reserved.Message);
        var notFitted = await Assert.ThrowsAnyAsync<ArgumentException>(() => _cluster.Cluster.Client.GetGrain<IAnomalyModelGrain>("plain").RegisterFitted(TestModels.IidSpike, new byte[32]));
        Assert.Contains("is not a fitted model's id", notFitted.Message);
    }

    // Warm-up for the training points; then a model fitted on them, as the fleet fits it, run over every point.
    private static AnomalyPrediction[] Expected(string id, FitRecipe recipe, int count)
    {
        var values = Series.Values(id, count, 1).Select(p => p[0]).ToArray();
        using var engine = TestModels.LocalEngine(RecipeFitter.Fit(recipe, values[..recipe.TrainingPoints]));
        var predictions = values.Select(v => engine.Predict(v)).ToArray();
        predictions.AsSpan(0, recipe.TrainingPoints).Fill(WarmUp);
        return predictions;
    }
}
