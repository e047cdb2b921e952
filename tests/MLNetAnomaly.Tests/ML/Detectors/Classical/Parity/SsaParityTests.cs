using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Classical.Parity;

/// <summary>
/// The SSA detectors with ML.NET's parameters give ML.NET's outputs: the official 5.0.1 <c>DetectSpikeBySsa</c> and
/// <c>DetectChangePointBySsa</c> (confidence 95, history 30, trained on the first 90 rows with seasonality window 30) on
/// nine NAB series and a synthetic one (../shared/data/mlnet-reference), every slot.
/// </summary>
public sealed class SsaParityTests
{
    public static TheoryData<string> Files => MlNetReference.Names;

    private static double[][] Spike(float[] values)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(values);
        var estimator = ml.Transforms.DetectAnomalyBySsaSpike("Prediction", "Value", confidence: 95, pvalueHistoryLength: 30, trainingWindowSize: 90, seasonalityWindowSize: 30);
        return ml.Predictions(estimator.Fit(data).Transform(data));
    }

    private static double[][] ChangePoint(float[] values)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(values);
        var estimator = ml.Transforms.DetectAnomalyBySsaChangePoint("Prediction", "Value", confidence: 95, changeHistoryLength: 30, trainingWindowSize: 90, seasonalityWindowSize: 30);
        return ml.Predictions(estimator.Fit(data).Transform(data));
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void SpikeGivesTheOfficialOutputs(string file) => CompareSpike(MlNetReference.LoadOrSkip(file));

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void ChangePointGivesTheOfficialOutputs(string file) => CompareChangePoint(MlNetReference.LoadOrSkip(file));

    [Fact]
    public void TheBundledExcerptGivesTheOfficialOutputs()
    {
        CompareSpike(MlNetReference.Bundled());
        CompareChangePoint(MlNetReference.Bundled());
    }

    /// <summary>
    /// Alerts identical; raw scores (value − forecast) within 1e-4 of the forecast's magnitude (measured: the same to
    /// the bit); p-values within 2e-4 relative wherever ML.NET's running sum of squared differences has not drifted
    /// (<see cref="MlNetRunningSum"/>), which is the one deliberate departure.
    /// </summary>
    private static void CompareSpike(MlNetReference reference)
    {
        var file = reference.Name;
        var ours = Spike(reference.Floats);
        var score = reference.Column("ssa_spike_score");
        var drifted = MlNetRunningSum.DriftedRows(score, 30);
        Assert.All(ours, p => Assert.Equal(3, p.Length));
        ParityAssert.SameAlerts(reference.Column("ssa_spike_alert"), ours.Select(p => p[0]).ToArray(), $"{file} alert");
        CloseToForecast(reference, score, ours.Select(p => p[1]).ToArray(), $"{file} score");
        ParityAssert.Close(reference.Column("ssa_spike_pvalue"), ours.Select(p => p[2]).ToArray(), 2e-4, $"{file} p-value", i => drifted[i]);
    }

    private static void CompareChangePoint(MlNetReference reference)
    {
        var file = reference.Name;
        var ours = ChangePoint(reference.Floats);
        var score = reference.Column("ssa_cp_score");
        var drifted = MlNetRunningSum.DriftedRows(score, 30);

        // A martingale bets on the last 30 p-values: rows with a drifted one among them are left out.
        bool MartingaleDrifted(int i) => Enumerable.Range(Math.Max(0, i - 29), Math.Min(30, i + 1)).Any(j => drifted[j]);
        Assert.All(ours, p => Assert.Equal(4, p.Length));
        ParityAssert.SameAlerts(reference.Column("ssa_cp_alert"), ours.Select(p => p[0]).ToArray(), $"{file} alert");
        CloseToForecast(reference, score, ours.Select(p => p[1]).ToArray(), $"{file} score");
        ParityAssert.Close(reference.Column("ssa_cp_pvalue"), ours.Select(p => p[2]).ToArray(), 2e-4, $"{file} p-value", i => drifted[i]);
        ParityAssert.Close(reference.Column("ssa_cp_martingale"), ours.Select(p => p[3]).ToArray(), 1.2e-3, $"{file} martingale", MartingaleDrifted);
    }

    /// <summary>
    /// Each raw score identical to the official one where the processor fuses multiply-adds, as the reference build's did
    /// (the sums follow ML.NET's AVX order); elsewhere within 1e-4 of max(|value|, |official forecast|), since ML.NET
    /// itself rounds those products separately there.
    /// </summary>
    private static void CloseToForecast(MlNetReference reference, double[] official, double[] ours, string what)
    {
        var tolerance = System.Runtime.Intrinsics.X86.Fma.IsSupported ? 0 : 1e-4;
        var bad = Enumerable.Range(0, official.Length)
            .Where(i => Math.Abs(official[i] - ours[i]) > tolerance * Math.Max(Math.Abs(reference.Values[i]), Math.Abs(reference.Values[i] - official[i])))
            .ToList();
        Assert.True(bad.Count == 0, $"{what}: {bad.Count} rows differ; first: {string.Join("; ", bad.Take(5).Select(i => $"row {i}: ML.NET {official[i]:R}, ours {ours[i]:R}"))}");
    }

    [SkippableFact]
    public void TheOnlyDifferenceInPValuesIsTheDriftOfMlNetsRunningSum()
    {
        // On Twitter_volume_AAPL the official running sum drifts after its largest spikes; elsewhere the p-values agree.
        var reference = MlNetReference.LoadOrSkip("Twitter_volume_AAPL");
        var drifted = MlNetRunningSum.DriftedRows(reference.Column("ssa_spike_score"), 30);
        var ours = Spike(reference.Floats);
        var official = reference.Column("ssa_spike_pvalue");
        var differ = Enumerable.Range(0, ours.Length).Where(i => Math.Abs(ours[i][2] - official[i]) > 2e-4 * Math.Max(ours[i][2], official[i])).ToList();
        Assert.NotEmpty(differ);
        Assert.All(differ, i => Assert.True(drifted[i], $"row {i} differs (ML.NET {official[i]:R}, ours {ours[i][2]:R}) without drift"));
    }

    [Fact]
    public void SpikesOnAGeneratedSeasonalSeriesAlertAndNothingElseDoes()
    {
        // A clean daily cycle (period 24) with small noise, and five spikes after the training stretch.
        var random = new Random(7);
        var spikes = new[] { 300, 420, 555, 700, 880 };
        var values = Enumerable.Range(0, 1000).Select(i => (float)(10 + (3 * Math.Sin(2 * Math.PI * i / 24)) + (0.05 * (random.NextDouble() - 0.5)) + (spikes.Contains(i) ? 4 : 0))).ToArray();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(values);
        var model = ml.Transforms.DetectAnomalyBySsaSpike("Prediction", "Value", confidence: 99.9, pvalueHistoryLength: 100, trainingWindowSize: 200, seasonalityWindowSize: 48).Fit(data);
        var ours = ml.Predictions(model.Transform(data));

        var alerts = Enumerable.Range(0, ours.Length).Where(i => ours[i][0] == 1).ToList();
        Assert.Equal(spikes, alerts);
        Assert.All(spikes, s => Assert.InRange(ours[s][1], 3.5, 4.5)); // the forecast missed by about the spike's height
        Assert.Equal(48, model.SsaWindowSize);
        Assert.False(model.UsesNaiveForecaster);
    }

    [Fact]
    public void SavesLoadsAndStreamsWithTheTrainedForecaster()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var values = Enumerable.Range(0, 400).Select(i => (float)(Math.Sin(i / 4.0) + (i >= 300 ? 2 : 0) + (0.1 * random.NextDouble()))).ToArray();
        var data = ml.ToDataView(values);
        foreach (var model in new SequentialDetectorTransformer[]
        {
            ml.Transforms.DetectAnomalyBySsaSpike("Prediction", "Value", trainingWindowSize: 120, seasonalityWindowSize: 30).Fit(data),
            ml.Transforms.DetectAnomalyBySsaChangePoint("Prediction", "Value", trainingWindowSize: 120, seasonalityWindowSize: 30).Fit(data),
        })
        {
            var path = folder.File(model.GetType().Name + ".zip");
            ml.Model.Save(model, data.Schema, path);
            var loaded = (SequentialDetectorTransformer)new MLContext().Model.Load(path, out _);
            var batch = ml.Predictions(model.Transform(data));
            Assert.Equal(batch, ml.Predictions(loaded.Transform(data)));

            using var engine = ml.AnomalyDetection.CreateStreamingEngine(loaded);
            using var checkpoint = Streaming.StreamingModels.StreamAndCheckpoint(engine, values[..150]);
            using var restored = ml.AnomalyDetection.CreateStreamingEngine(loaded);
            restored.Restore(checkpoint);
            for (var i = 150; i < values.Length; i++)
            {
                var a = engine.Predict(values[i]);
                Assert.Equal(a, restored.Predict(values[i]));
                Assert.Equal((batch[i][0] == 1, batch[i][1], batch[i][2]), (a.Alert, a.Score, a.PValue));
                Assert.Equal(values[i] - a.Score, a.ExpectedValue, 3); // the expected value is the forecast
            }
        }
    }

    [Fact]
    public void TheErrorFunctionReachesTheDetectorAndSurvivesSaveAndLoad()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var values = Enumerable.Range(0, 300).Select(i => (float)(10 + Math.Sin(i / 3.0) + (i == 250 ? -5 : 0))).ToArray();
        var data = ml.ToDataView(values);
        var signed = ml.Predictions(ml.Transforms.DetectAnomalyBySsaSpike("Prediction", "Value", trainingWindowSize: 100, seasonalityWindowSize: 20).Fit(data).Transform(data));
        var model = ml.Transforms.DetectAnomalyBySsaSpike("Prediction", "Value", trainingWindowSize: 100, seasonalityWindowSize: 20, errorFunction: SsaErrorFunction.SquaredDifference).Fit(data);
        ml.Model.Save(model, data.Schema, folder.File("squared.zip"));
        var loaded = (SsaSpikeDetectorTransformer)new MLContext().Model.Load(folder.File("squared.zip"), out _);
        var squared = ml.Predictions(loaded.Transform(data));

        Assert.Equal(SsaErrorFunction.SquaredDifference, loaded.Options.ErrorFunction);
        Assert.All(Enumerable.Range(0, values.Length), i => Assert.Equal(signed[i][1] * signed[i][1], squared[i][1], 1e-9 * Math.Max(1, squared[i][1])));
        Assert.True(signed[250][1] < -4);
    }

    [Fact]
    public void ADamagedForecasterIsRefusedAtLoad()
    {
        Assert.Throws<InvalidDataException>(() => MLNetAnomaly.Core.Classical.Ssa.SsaModel.FromParts(10, 6, new float[60], new float[9], new float[9], 0, false));
        Assert.Throws<InvalidDataException>(() => MLNetAnomaly.Core.Classical.Ssa.SsaModel.FromParts(65_537, 65_536, new float[65_536], new float[65_536], new float[65_536], 0, false));
        Assert.Throws<InvalidDataException>(() => MLNetAnomaly.Core.Classical.Ssa.SsaModel.FromParts(10, 2, new float[20], new float[9], Enumerable.Repeat(float.NaN, 9).ToArray(), 0, false));
    }

    [Fact]
    public void AMissingValueGetsNaNSlotsAndLeavesTheStateAsItWas()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 400).Select(i => (float)(Math.Sin(i / 5.0) + random.NextDouble())).ToArray();
        var withGap = values[..200].Append(float.NaN).Concat(values[200..]).ToArray();

        var clean = ChangePoint(values);
        var gapped = ChangePoint(withGap);

        Assert.Equal(0, gapped[200][0]);
        Assert.All(gapped[200][1..], v => Assert.True(double.IsNaN(v)));
        Assert.Equal(clean[200..], gapped[201..]);
    }

    [Fact]
    public void AConstantTrainingStretchGivesAWorkingForecasterThatSeesTheFirstChange()
    {
        // Metrics that sit at 0 while a model trains are common: the covariance is zero, its eigenvectors are unit
        // vectors, and ML.NET's rule shrinks the window down to its naive averaging model.
        var values = Enumerable.Repeat(0f, 300).Concat(Enumerable.Repeat(0f, 100).Select((_, i) => i == 50 ? 25f : 0f)).ToArray();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(values);
        var model = ml.Transforms.DetectAnomalyBySsaSpike("Prediction", "Value", confidence: 99, pvalueHistoryLength: 50).Fit(data);
        var ours = ml.Predictions(model.Transform(data));

        Assert.All(ours, p => Assert.True(double.IsFinite(p[1]) && double.IsFinite(p[2])));
        Assert.True(model.UsesNaiveForecaster);
        Assert.Equal(2, model.SsaWindowSize);
        Assert.Equal(1, ours[350][0]);
        Assert.Equal(25, ours[350][1], 3);
        Assert.Equal(new[] { 350 }, Enumerable.Range(0, ours.Length).Where(i => ours[i][0] == 1 && i < 351).ToArray());
    }

    [Fact]
    public void TooFewTrainingValuesAreRefusedWithBothSizes()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Enumerable.Range(0, 15).Select(i => (float)i).ToArray());
        var error = Assert.Throws<ArgumentException>(() => ml.Transforms.DetectAnomalyBySsaSpike("Prediction", "Value", seasonalityWindowSize: 10, trainingWindowSize: 100).Fit(data));
        Assert.Contains("15 finite values", error.Message);
        Assert.Contains("20", error.Message);
    }

    [Theory]
    [InlineData("Confidence")]
    [InlineData("PValueHistoryLength")]
    [InlineData("SeasonalityWindowSize")]
    [InlineData("TrainingWindowSize")]
    [InlineData("ErrorFunction")]
    public void SpikeOptionsOutOfRangeAreRefusedByName(string parameter)
    {
        var options = new SsaSpikeDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value" };
        switch (parameter)
        {
            case "Confidence": options.Confidence = 0; break;
            case "PValueHistoryLength": options.PValueHistoryLength = 1; break;
            case "SeasonalityWindowSize": options.SeasonalityWindowSize = 1; break;
            case "TrainingWindowSize": options.TrainingWindowSize = 20; break;
            default: options.ErrorFunction = (SsaErrorFunction)9; break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => new MLContext().Transforms.DetectAnomalyBySsaSpike(options));
        Assert.Equal(parameter, error.ParamName);
    }

    [Theory]
    [InlineData("ChangeHistoryLength")]
    [InlineData("PowerMartingaleEpsilon")]
    [InlineData("Martingale")]
    public void ChangePointOptionsOutOfRangeAreRefusedByName(string parameter)
    {
        var options = new SsaChangePointDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value" };
        switch (parameter)
        {
            case "ChangeHistoryLength": options.ChangeHistoryLength = 1; break;
            case "PowerMartingaleEpsilon": options.PowerMartingaleEpsilon = 0; break;
            default: options.Martingale = (ChangePointMartingale)7; break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => new MLContext().Transforms.DetectAnomalyBySsaChangePoint(options));
        Assert.Equal(parameter, error.ParamName);
    }

    [Theory]
    [InlineData(SsaErrorFunction.SignedDifference, 3.0)]
    [InlineData(SsaErrorFunction.AbsoluteDifference, 3.0)]
    [InlineData(SsaErrorFunction.SignedProportion, -0.75)]
    [InlineData(SsaErrorFunction.AbsoluteProportion, 0.75)]
    [InlineData(SsaErrorFunction.SquaredDifference, 9.0)]
    public void ErrorFunctionsAreMlNets(SsaErrorFunction function, double expected)
    {
        // value 1, forecast 4 for the proportions (ML.NET divides by the forecast); value 4, forecast 1 otherwise.
        var (value, forecast) = function is SsaErrorFunction.SignedProportion or SsaErrorFunction.AbsoluteProportion ? (1.0, 4.0) : (4.0, 1.0);
        Assert.Equal(expected, MLNetAnomaly.Core.Classical.Ssa.SsaDetector.Error(function, value, forecast));
        Assert.Equal(0, MLNetAnomaly.Core.Classical.Ssa.SsaDetector.Error(SsaErrorFunction.SignedProportion, 1, 0));
    }
}
