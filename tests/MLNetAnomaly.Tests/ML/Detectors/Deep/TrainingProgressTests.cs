using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Deep;

public sealed class TrainingProgressTests
{
    private sealed class Recorder : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = new();

        public void Report(TrainingProgress value) => Reports.Add(value);
    }

    private static readonly float[] Series = SyntheticSeries.NoisySine(400);

    [Fact]
    public void EveryEpochIsReportedInOrderWithItsLosses()
    {
        var ml = new MLContext(seed: 1);
        var recorder = new Recorder();
        using var model = (DeepDetectorTransformer)DeepDetectors.Create(ml, "gru", epochs: 6, configure: o =>
        {
            o.TrainingProgress = recorder;
            o.ValidationFraction = 0.2;
            o.Patience = 10;
        }).Fit(ml.ToDataView(Series));

        Assert.Equal(Enumerable.Range(1, 6), recorder.Reports.Select(r => r.Epoch));
        Assert.All(recorder.Reports, r => Assert.True(double.IsFinite(r.TrainingLoss) && r.ValidationLoss is > 0 && r.Epochs == 6));
        Assert.True(recorder.Reports[^1].TrainingLoss < recorder.Reports[0].TrainingLoss, "training loss falls on a clean sine");
    }

    [Fact]
    public void ReportingDoesNotChangeTheModel()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Series);
        using var quiet = (DeepDetectorTransformer)DeepDetectors.Create(ml, "lstm", epochs: 3).Fit(data);
        using var reported = (DeepDetectorTransformer)DeepDetectors.Create(ml, "lstm", epochs: 3, configure: o => o.TrainingProgress = new Recorder()).Fit(data);

        Assert.Equal(ml.Predictions(quiet.Transform(data)), ml.Predictions(reported.Transform(data)));
    }
}
