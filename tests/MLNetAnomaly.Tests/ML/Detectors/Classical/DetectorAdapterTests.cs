using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Classical;

public sealed class DetectorAdapterTests
{
    private static readonly float[] Spiked = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(400, noise: 0.3), 40, 300, 350);

    private sealed class SensorRow
    {
        [VectorType(3)]
        public float[] Sensors { get; set; } = Array.Empty<float>();
    }

    [Fact]
    public void OurOwnDetectorThroughTheAdapterGivesItsOwnPredictions()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);
        var direct = ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value").Fit(data);
        var adapted = ml.Transforms.DetectAnomalyByIidSpike("Raw", "Value").AsDetector("Raw").Fit(data);

        Assert.Equal(ml.Predictions(direct.Transform(data)), ml.Predictions(adapted.Transform(data)));
    }

    [Fact]
    public void AnAdaptedEstimatorCanGoThroughThePostProcessingChain()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var training = ml.ToDataView(Spiked[..250]);
        var data = ml.ToDataView(Spiked);
        var chain = new PostProcessingOptions { Calibration = ScoreCalibration.Static, RefractoryPeriod = 0, ScoreThreshold = 0.3 };
        var adapted = ml.Transforms.NormalizeMeanVariance("Z", "Value", fixZero: false).AsDetector("Z", postProcessing: chain).Fit(training);

        var predictions = ml.Predictions(adapted.Transform(data));
        var engine = ml.Model.CreatePredictionEngine<ValueRow, PredictionRow>(adapted);
        var streamed = Spiked.Select(v => engine.Predict(new ValueRow { Value = v }).Prediction.ToArray()).ToArray();
        ml.Model.Save(adapted, data.Schema, folder.File("adapted.zip"));
        var loaded = (DetectorAdapterTransformer)new MLContext().Model.Load(folder.File("adapted.zip"), out _);

        // The z-score is the raw score; the chain gives p-values and the common score scale, and alerts on the spikes.
        Assert.Equal(ScoreCalibration.Static, adapted.PostProcessing!.Calibration);
        Assert.All(predictions, p => Assert.Equal(-Math.Log10(p[2]) / 10, p[1], 9));
        Assert.Equal(new[] { 300, 350 }, predictions.Select((p, i) => (p, i)).Where(x => x.p[0] > 0).Select(x => x.i));
        Assert.Equal(predictions, streamed);
        Assert.Equal(predictions, ml.Predictions(loaded.Transform(data)));
        Assert.Equal(ScoreCalibration.Static, loaded.PostProcessing!.Calibration);
    }

    [Fact]
    public void AnMLNetTransformThatIsNotADetectorBecomesOne()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);
        var adapted = ml.Transforms.NormalizeMeanVariance("Z", "Value", fixZero: false).AsDetector("Z", layout: new ScoreColumnLayout { AlertAbove = 3 }).Fit(data);

        var predictions = ml.Predictions(adapted.Transform(data));

        Assert.Equal(new[] { 300, 350 }, predictions.Select((p, i) => (p, i)).Where(x => x.p[0] > 0).Select(x => x.i));
        Assert.All(predictions, p => Assert.True(double.IsNaN(p[2])));
    }

    [Fact]
    public void AnMLNetAnomalyTrainerWithItsPredictedLabelBecomesADetector()
    {
        var ml = new MLContext(seed: 1);
        var a = SyntheticSeries.NoisySine(500, seed: 1);
        var rows = Enumerable.Range(0, 500).Select(i => new SensorRow { Sensors = new[] { a[i], a[i] * 2, i == 400 ? 90 - a[i] : a[i] - 20 } }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pca = ml.AnomalyDetection.Trainers.RandomizedPca(featureColumnName: "Sensors", rank: 1, seed: 1)
            .AsDetector("Score", layout: new ScoreColumnLayout { AlertColumnName = "PredictedLabel" });

        var model = pca.Fit(data);
        var scores = ml.Predictions(model.Transform(data)).Scores();

        Assert.Equal(400, Array.IndexOf(scores, scores.Max()));
    }

    [Fact]
    public void ABareScoreGetsAlertsAndPValuesFromTheChain()
    {
        // AsDetector("Score") on RandomizedPca, the obvious call: a scalar score with no alert column or level used to
        // give no alert and a NaN p-value on every row; the chain now derives both from the score.
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var a = SyntheticSeries.NoisySine(500, seed: 1);
        var rows = Enumerable.Range(0, 500).Select(i => new SensorRow { Sensors = new[] { a[i], a[i] * 2, i == 400 ? 90 - a[i] : a[i] - 20 } }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.AnomalyDetection.Trainers.RandomizedPca(featureColumnName: "Sensors", rank: 1, seed: 1).AsDetector("Score").Fit(data);
        var predictions = ml.Predictions(model.Transform(data));

        Assert.NotNull(model.PostProcessing);
        // RandomizedPca itself scores some rows NaN (here every twelfth or so); those stay missing, the rest are judged.
        var raw = model.Transform(data).GetColumn<float>("Score").ToArray();
        Assert.All(Enumerable.Range(0, raw.Length), i => Assert.True(float.IsFinite(raw[i]) ? predictions[i][2] is >= 0 and <= 1 : double.IsNaN(predictions[i][2]), $"row {i}: raw {raw[i]}, p {predictions[i][2]}"));
        Assert.True(raw.Count(float.IsFinite) > 400);
        Assert.Contains(400, predictions.Select((p, i) => (p, i)).Where(x => x.p[0] > 0).Select(x => x.i));
        ml.Model.Save(model, data.Schema, folder.File("pca.zip"));
        Assert.Equal(predictions, ml.Predictions(new MLContext().Model.Load(folder.File("pca.zip"), out _).Transform(data)));
    }

    [Fact]
    public void AdaptedModelSavesAndLoadsWithItsInnerModel()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);
        var model = ml.Transforms.NormalizeMeanVariance("Z", "Value", fixZero: false).AsDetector("Z", layout: new ScoreColumnLayout { AlertAbove = 2.5, LowerIsMoreAnomalous = false }).Fit(data);
        ml.Model.Save(model, data.Schema, folder.File("adapted.zip"));

        var fresh = new MLContext();
        var loaded = fresh.Model.Load(folder.File("adapted.zip"), out _);

        Assert.IsType<DetectorAdapterTransformer>(loaded);
        Assert.Equal(ml.Predictions(model.Transform(data)), fresh.Predictions(loaded.Transform(data)));
    }

    [Fact]
    public void PredictionEngineWorksThroughTheAdapter()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.DetectAnomalyByIidSpike("Raw", "Value").AsDetector("Raw").Fit(ml.ToDataView(Spiked));
        var batch = ml.Predictions(model.Transform(ml.ToDataView(Spiked)));

        var engine = ml.Model.CreatePredictionEngine<ValueRow, PredictionRow>(model);
        var streamed = Spiked.Select(v => engine.Predict(new ValueRow { Value = v }).Prediction.ToArray()).ToArray();

        Assert.Equal(batch, streamed);
    }

    [Fact]
    public void AMissingScoreColumnOrSlotIsAClearError()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);

        var missing = Assert.ThrowsAny<ArgumentException>(() => ml.Transforms.NormalizeMeanVariance("Z", "Value", fixZero: false).AsDetector("Nope").Fit(data));
        var slot = Assert.ThrowsAny<ArgumentException>(() => ml.Transforms.DetectAnomalyByIidSpike("Raw", "Value").AsDetector("Raw", layout: new ScoreColumnLayout { ScoreSlot = 5 }).Fit(data));

        Assert.Contains("'Nope'", missing.Message);
        Assert.Equal("ScoreSlot", slot.ParamName);
    }
}
