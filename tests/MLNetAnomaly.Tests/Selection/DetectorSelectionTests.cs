using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;
using MLNetAnomaly.Selection;

namespace MLNetAnomaly.Tests.Selection;

public sealed class DetectorSelectionTests
{
    private sealed class LabelledRow
    {
        public float Value { get; set; }

        public bool Label { get; set; }
    }

    /// <summary>Independent noise with rare spikes: nothing to forecast, so IID spike is the right family.</summary>
    private static LabelledRow[] SpikySeries(int length = 1200)
    {
        var random = new Random(5);
        return Enumerable.Range(0, length).Select(i =>
        {
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var spike = i % 97 == 50;
            return new LabelledRow { Value = (float)(10 + noise + (spike ? 9 : 0)), Label = spike };
        }).ToArray();
    }

    private static DetectorSelectionOptions Options(string? label = null, int trials = 6) => new()
    {
        InputColumnName = "Value",
        LabelColumnName = label,
        MaxTrials = trials,
        Detectors = new[] { "iid-spike", "sr", "autoencoder" },
    };

    /// <summary>
    /// A clean daily cycle whose anomalies stay inside the normal range (a jump of 8 at a trough): only a model of
    /// the cycle can see them, so a forecaster is the right family and IID spike the wrong one.
    /// </summary>
    private static LabelledRow[] SeasonalSeries(int length = 1500)
    {
        var values = SyntheticSeries.NoisySine(length, period: 24, amplitude: 10, noise: 0.3);
        return values.Select((v, i) =>
        {
            var anomaly = i > 200 && i % 24 == 18 && (i / 24) % 3 == 0;
            return new LabelledRow { Value = anomaly ? v + 8 : v, Label = anomaly };
        }).ToArray();
    }

    [Theory]
    [InlineData("Label")]
    [InlineData(null)]
    public void OnACycleWithInRangeAnomaliesSelectionPicksTheForecasterOverIidSpike(string? label)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SeasonalSeries());
        var options = Options(label, trials: 7);
        options.Detectors = new[] { "iid-spike", "lstm" };

        var result = ml.AnomalyDetection.CreateDetectorSelection(options).Run(data);

        Assert.Equal("lstm", result.Best.Detector);
        Assert.Contains(result.Leaderboard, t => t.Detector == "iid-spike");
        Assert.Equal(result.Best, result.Leaderboard[0]);
        Assert.True(result.Leaderboard.Zip(result.Leaderboard.Skip(1)).All(p => double.IsNaN(p.Second.Metric) || p.First.Metric >= p.Second.Metric));
    }

    [Fact]
    public void TheTrialBudgetIsHonoured()
    {
        var ml = new MLContext(seed: 1);
        var reported = new List<TrialResult>();

        var result = ml.AnomalyDetection.CreateDetectorSelection(Options(trials: 2)).Run(ml.Data.LoadFromEnumerable(SpikySeries()), new SynchronousProgress<TrialResult>(reported.Add));

        Assert.Equal(2, result.Leaderboard.Count);
        Assert.Equal(new[] { 1, 2 }, reported.Select(r => r.Number).Distinct().Order());
        Assert.False(result.StoppedEarly);
    }

    [Fact]
    public void SuccessiveHalvingTrainsOnlyTheBestThirdOfTheNetworksInFull()
    {
        var ml = new MLContext(seed: 1);
        var options = Options(trials: 6);
        options.Detectors = new[] { "autoencoder", "cnn" };
        var reported = new List<TrialResult>();

        var result = ml.AnomalyDetection.CreateDetectorSelection(options).Run(ml.Data.LoadFromEnumerable(SeasonalSeries(800)), new SynchronousProgress<TrialResult>(reported.Add));

        // Six deep trials train 3 of their 10 epochs; the best two by their first-rung metric then train all 10.
        Assert.Equal(6, result.Leaderboard.Count);
        var full = result.Leaderboard.Where(t => t.Epochs == 10).ToList();
        Assert.Equal(2, full.Count);
        Assert.Equal(4, result.Leaderboard.Count(t => t.Epochs == 3));
        Assert.All(full, t => Assert.True(t.Details.ContainsKey("first-rung metric")));
        var firstRung = reported.Take(6).ToList();
        Assert.All(firstRung, t => Assert.Equal(3, t.Epochs));
        var promoted = firstRung.OrderByDescending(t => t.Metric).ThenBy(t => t.Number).Take(2).Select(t => t.Number).Order();
        Assert.Equal(promoted, full.Select(t => t.Number).Order());
        Assert.Equal(8, reported.Count);

        options.SuccessiveHalving = false;
        var unhalved = ml.AnomalyDetection.CreateDetectorSelection(options).Run(ml.Data.LoadFromEnumerable(SeasonalSeries(800)));
        Assert.All(unhalved.Leaderboard, t => Assert.Equal(10, t.Epochs));
    }

    [Fact]
    public void ACandidateOfYourOwnIsTriedAndCanBeChosen()
    {
        var ml = new MLContext(seed: 1);
        var options = Options(label: "Label", trials: 4);
        options.Detectors = new[] { "iid-spike" };

        // An estimator adapted with AsDetector, as one of ML.NET's own detectors would be; here a forecaster with
        // settings outside the built-in search space, which sees the in-range anomalies that IID spike cannot.
        options.Candidates.Add(new SelectionCandidate(
            "my-forecaster",
            (context, input, output) => context.Transforms.DetectAnomalyByLstm(new LstmDetectorOptions
            {
                InputColumnName = input,
                OutputColumnName = "Raw",
                WindowSize = 24,
                HiddenSize = 8,
                Layers = 1,
                Epochs = 8,
                Seed = 1,
            }).AsDetector("Raw", output),
            "LSTM, window 24, hidden 8, through the adapter"));
        var data = ml.Data.LoadFromEnumerable(SeasonalSeries(800));

        var result = ml.AnomalyDetection.CreateDetectorSelection(options).Run(data);

        Assert.Equal(4, result.Leaderboard.Count);
        Assert.Equal("my-forecaster", result.Best.Detector);
        Assert.IsType<DetectorAdapterTransformer>(result.BestModel);

        // Ensembles combine only the library's detectors: here the IID spike trials.
        options.EnsembleSize = 2;
        var ensemble = Assert.IsType<DetectorEnsembleTransformer>(ml.AnomalyDetection.CreateDetectorSelection(options).Run(data).BestModel);
        Assert.All(ensemble.Members, m => Assert.IsType<IidSpikeDetectorTransformer>(m));
    }

    [Fact]
    public void TheTimeBudgetStopsStartingTrials()
    {
        var ml = new MLContext(seed: 1);
        var options = Options(trials: 9);
        options.MaxTrials = null;
        options.MaxTime = TimeSpan.FromMilliseconds(1);

        var result = ml.AnomalyDetection.CreateDetectorSelection(options).Run(ml.Data.LoadFromEnumerable(SpikySeries()));

        Assert.Single(result.Leaderboard);
    }

    [Fact]
    public void CancellationReturnsTheBestSoFar()
    {
        var ml = new MLContext(seed: 1);
        using var cancellation = new CancellationTokenSource();

        var result = ml.AnomalyDetection.CreateDetectorSelection(Options(trials: 9))
            .Run(ml.Data.LoadFromEnumerable(SpikySeries()), new SynchronousProgress<TrialResult>(_ => cancellation.Cancel()), cancellation.Token);

        Assert.Single(result.Leaderboard);
        Assert.True(result.StoppedEarly);
        Assert.NotNull(result.BestModel);
    }

    [Fact]
    public void CancelledBeforeAnyTrialThrows()
    {
        var ml = new MLContext(seed: 1);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ml.AnomalyDetection.CreateDetectorSelection(Options()).Run(ml.Data.LoadFromEnumerable(SpikySeries()), cancellationToken: cancellation.Token));
    }

    [Fact]
    public void TheBestModelSavesAndLoads()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SpikySeries(600));
        var result = ml.AnomalyDetection.CreateDetectorSelection(Options(trials: 3)).Run(data);
        ml.Model.Save(result.BestModel, data.Schema, folder.File("best.zip"));

        var fresh = new MLContext();
        var loaded = fresh.Model.Load(folder.File("best.zip"), out _);

        Assert.Equal(ml.Predictions(result.BestModel.Transform(data)), fresh.Predictions(loaded.Transform(data)));
    }

    [Fact]
    public void UnknownDetectorsAndBadOptionsAreClearErrors()
    {
        var ml = new MLContext(seed: 1);

        var unknown = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.CreateDetectorSelection(new DetectorSelectionOptions { InputColumnName = "Value", Detectors = new[] { "nope" } }));

        var parallel = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.CreateDetectorSelection(new DetectorSelectionOptions { InputColumnName = "Value", MaxParallelTrials = 0 }));
        var nullCandidate = new DetectorSelectionOptions { InputColumnName = "Value" };
        nullCandidate.Candidates.Add(null!);
        var candidate = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.CreateDetectorSelection(nullCandidate));

        Assert.Equal("MaxParallelTrials", parallel.ParamName);
        Assert.Equal("Candidates", candidate.ParamName);
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => new SelectionCandidate(" ", (c, i, o) => c.Transforms.DetectAnomalyByIidSpike(o, i))).ParamName);
        Assert.Equal("Detectors", unknown.ParamName);
    }
}

/// <summary>An IProgress that reports on the caller's thread, so tests see every report before Run returns.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
