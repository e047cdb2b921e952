using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Evaluation;

public sealed class DetectionEvaluationTests
{
    private sealed class LabelledRow
    {
        public float Value { get; set; }

        public bool Label { get; set; }
    }

    private sealed class TextLabelRow
    {
        public float Value { get; set; }

        public string Label { get; set; } = "";
    }

    [Fact]
    public void EvaluatesADetectorsOutputAgainstALabelColumn()
    {
        var spikes = new[] { 420, 470, 530 };
        var series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(600), 9, spikes);
        var ml = new MLContext(seed: 1);
        var rows = series.Select((v, i) => new LabelledRow { Value = v, Label = spikes.Contains(i) }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = TinyLstm.Options(epochs: 10);
        options.PostProcessing = TestChains.PerRow();
        using var model = ml.Transforms.DetectAnomalyByLstm(options).Fit(ml.Data.TakeRows(data, 400));

        var report = ml.AnomalyDetection.EvaluateDetector(model.Transform(data), labelColumnName: "Label");

        var predictions = ml.Predictions(model.Transform(data));
        var direct = MLNetAnomaly.Evaluation.DetectionEvaluation.Evaluate(rows.Select(r => r.Label).ToList(), predictions.Select(p => p[1]).ToList(), predictions.Select(p => p[0] > 0).ToList());
        Assert.Equal(direct, report);
        Assert.True(report.AucRoc > 0.99, $"AUC-ROC {report.AucRoc:F3}");
        Assert.Equal(1.0, report.EventRecall);
        Assert.Equal(1.0, report.BestF1);
        Assert.InRange(report.VusPr, 0.3, 1.0);
    }

    [Fact]
    public void LabelColumnOfAnotherTypeIsNamed()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 80).Select(i => new TextLabelRow { Value = i % 7, Label = "no" }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(epochs: 1)).Fit(data);

        var error = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.EvaluateDetector(model.Transform(data)));
        Assert.Contains("'Label' must be Boolean, Single or Double", error.Message);
        Assert.Contains("'Missing' was not found", Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.EvaluateDetector(model.Transform(data), "Missing")).Message);
    }
}
