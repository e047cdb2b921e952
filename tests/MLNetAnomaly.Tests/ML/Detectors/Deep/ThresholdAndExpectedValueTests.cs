using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Deep;

public sealed class ThresholdAndExpectedValueTests
{
    private static readonly float[] Clean = SyntheticSeries.NoisySine(800);

    private static readonly float[] Spiked = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(800), 15, 600, 700);

    private sealed class ExpectedRow
    {
        public float Value { get; set; }

        public float Expected { get; set; }
    }

    private static float[] ExpectedValues(MLContext ml, IDataView scored)
        => ml.Data.CreateEnumerable<ExpectedRow>(scored, reuseRowObject: false).Select(r => r.Expected).ToArray();

    [Theory]
    [InlineData(AlertThreshold.PValue)]
    [InlineData(AlertThreshold.Contamination)]
    [InlineData(AlertThreshold.Spot)]
    [InlineData(AlertThreshold.Score)]
    public void EveryThresholdFlagsTheSpikes(AlertThreshold threshold)
    {
        var ml = new MLContext(seed: 1);
        using var model = (DeepDetectorTransformer)DeepDetectors.Create(ml, "lstm", configure: o => o.PostProcessing.Threshold = threshold).Fit(ml.ToDataView(Clean[..500]));

        var alerts = ml.Predictions(model.Transform(ml.ToDataView(Spiked))).Select(p => p[0]).ToArray();

        Assert.Equal(1, alerts[600]);
        Assert.Equal(1, alerts[700]);
    }

    [Fact]
    public void ContaminationRateSetsHowOftenCleanDataAlerts()
    {
        var ml = new MLContext(seed: 1);
        var rates = new[] { 0.01, 0.2 }.Select(rate =>
        {
            using var model = (DeepDetectorTransformer)DeepDetectors.Create(ml, "autoencoder", configure: o =>
            {
                o.PostProcessing.Threshold = AlertThreshold.Contamination;
                o.PostProcessing.ContaminationRate = rate;
                o.PostProcessing.Calibration = ScoreCalibration.Static;
                o.PostProcessing.RangeRule = false;
                o.PostProcessing.RefractoryPeriod = 0;
            }).Fit(ml.ToDataView(Clean[..500]));
            return ml.Predictions(model.Transform(ml.ToDataView(Clean))).Skip(500).Average(p => p[0]);
        }).ToArray();

        Assert.True(rates[0] < 0.06, $"1% contamination alerted on {rates[0]:P1} of clean rows");
        Assert.InRange(rates[1], 0.1, 0.35);
    }

    [Theory]
    [MemberData(nameof(DeepDetectors.Names), MemberType = typeof(DeepDetectors))]
    public void ExpectedValueColumnFollowsACleanSignalInTheInputUnits(string detector)
    {
        var ml = new MLContext(seed: 1);
        var estimator = DeepDetectors.Create(ml, detector, epochs: 15, configure: o => o.ExpectedValueColumnName = "Expected");
        using var model = (DeepDetectorTransformer)estimator.Fit(ml.ToDataView(Clean[..500]));
        var scored = model.Transform(ml.ToDataView(Clean));

        var expected = ExpectedValues(ml, scored);

        Assert.Equal(NumberDataViewType.Single, scored.Schema["Expected"].Type);
        Assert.All(expected[..model.WarmUpLength], v => Assert.True(float.IsNaN(v)));
        var error = Enumerable.Range(model.WarmUpLength, Clean.Length - model.WarmUpLength).Average(i => Math.Abs(expected[i] - Clean[i]));
        Assert.True(error < 3, $"{detector}: mean absolute gap {error:F2} between expected and actual on a sine of amplitude 10 around 50");
    }

    [Fact]
    public void EstimatorAndTransformerSchemasAgreeOnTheExpectedColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Clean[..100]);
        var estimator = DeepDetectors.Create(ml, "gru", epochs: 1, configure: o => o.ExpectedValueColumnName = "Expected");

        var shape = estimator.GetOutputSchema(Shapes.Of(data.Schema));
        using var model = (DeepDetectorTransformer)estimator.Fit(data);
        var schema = model.GetOutputSchema(data.Schema);

        var column = Shapes.Find(shape, "Expected");
        Assert.Equal(SchemaShape.Column.VectorKind.Scalar, column.Kind);
        Assert.Equal(NumberDataViewType.Single, schema["Expected"].Type);
        Assert.Equal(new[] { "Value", "Prediction", "Expected" }, schema.Select(c => c.Name));
    }

    [Fact]
    public void PredictionEngineGivesTheSameExpectedValuesAsTransform()
    {
        var ml = new MLContext(seed: 1);
        using var model = (DeepDetectorTransformer)DeepDetectors.Create(ml, "cnn", epochs: 3, configure: o => o.ExpectedValueColumnName = "Expected").Fit(ml.ToDataView(Clean[..300]));
        var batch = ExpectedValues(ml, model.Transform(ml.ToDataView(Clean[..80])));

        var engine = ml.Model.CreatePredictionEngine<ValueRow, ExpectedRow>(model);
        var streamed = Clean[..80].Select(v => engine.Predict(new ValueRow { Value = v }).Expected).ToArray();

        for (var i = 0; i < batch.Length; i++)
        {
            Assert.Equal(batch[i], streamed[i], 3);
        }
    }

    [Fact]
    public void ThresholdAndExpectedColumnSurviveSaveAndLoad()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);
        using var model = (DeepDetectorTransformer)DeepDetectors.Create(ml, "rnn", epochs: 3, configure: o =>
        {
            o.PostProcessing.Threshold = AlertThreshold.Spot;
            o.PostProcessing.SpotRisk = 0.005;
            o.ExpectedValueColumnName = "Expected";
        }).Fit(ml.ToDataView(Clean[..500]));
        ml.Model.Save(model, data.Schema, folder.File("rnn.zip"));

        var fresh = new MLContext();
        var loaded = (DeepDetectorTransformer)fresh.Model.Load(folder.File("rnn.zip"), out _);

        Assert.Equal(AlertThreshold.Spot, loaded.Options.PostProcessing.Threshold);
        Assert.Equal(0.005, loaded.Options.PostProcessing.SpotRisk);
        Assert.Equal("Expected", loaded.ExpectedValueColumnName);
        Assert.Equal(ml.Predictions(model.Transform(data)), fresh.Predictions(loaded.Transform(data)));
        Assert.Equal(ExpectedValues(ml, model.Transform(data)), ExpectedValues(fresh, loaded.Transform(data)));
        loaded.Dispose();
    }

    [Theory]
    [InlineData("PostProcessing.ContaminationRate")]
    [InlineData("PostProcessing.SpotRisk")]
    [InlineData("PostProcessing.RefractoryPeriod")]
    [InlineData("NumberOfThreads")]
    [InlineData("ExpectedValueColumnName")]
    public void OutOfRangeOptionsNameThemselves(string option)
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsAny<ArgumentException>(() => DeepDetectors.Create(ml, "lstm", configure: o =>
        {
            switch (option)
            {
                case "PostProcessing.ContaminationRate": o.PostProcessing.ContaminationRate = 0.9; break;
                case "PostProcessing.SpotRisk": o.PostProcessing.SpotRisk = 0; break;
                case "PostProcessing.RefractoryPeriod": o.PostProcessing.RefractoryPeriod = -1; break;
                case "NumberOfThreads": o.NumberOfThreads = 0; break;
                default: o.ExpectedValueColumnName = "Prediction"; break;
            }
        }));

        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void SpotOnTooShortATrainingSeriesAlertsLikeTheScoreRuleAndSaysSo()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked[550..650]);
        using var spot = (DeepDetectorTransformer)DeepDetectors.Create(ml, "lstm", epochs: 2, configure: o => o.PostProcessing.Threshold = AlertThreshold.Spot).Fit(ml.ToDataView(Clean[..50]));
        using var score = (DeepDetectorTransformer)DeepDetectors.Create(ml, "lstm", epochs: 2, configure: o => o.PostProcessing.Threshold = AlertThreshold.Score).Fit(ml.ToDataView(Clean[..50]));

        Assert.False(spot.AlertRuleFitted);
        Assert.True(score.AlertRuleFitted);
        Assert.Equal(ml.Predictions(score.Transform(data)), ml.Predictions(spot.Transform(data)));
    }
}
