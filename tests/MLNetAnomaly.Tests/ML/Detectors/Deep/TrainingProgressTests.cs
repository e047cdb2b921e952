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

        var epochEnds = recorder.Reports.Where(r => r.IsEpochEnd).ToList();
        Assert.Equal(Enumerable.Range(1, 6), epochEnds.Select(r => r.Epoch));
        Assert.All(epochEnds, r => Assert.True(double.IsFinite(r.TrainingLoss) && r.ValidationLoss is > 0 && r.Epochs == 6));
        Assert.True(epochEnds[^1].TrainingLoss < epochEnds[0].TrainingLoss, "training loss falls on a clean sine");
    }

    [Fact]
    public void WithinAnEpochEveryBatchIsReportedWhenTheIntervalIsZero()
    {
        var ml = new MLContext(seed: 1);
        var recorder = new Recorder();
        using var model = (DeepDetectorTransformer)DeepDetectors.Create(ml, "lstm", epochs: 2, configure: o =>
        {
            o.TrainingProgress = recorder;
            o.TrainingProgressInterval = TimeSpan.Zero;
            o.BatchSize = 32;
            o.ValidationFraction = 0;
        }).Fit(ml.ToDataView(Series));

        var batches = recorder.Reports[0].Batches;
        Assert.True(batches > 2, $"400 points in batches of 32 make several batches; got {batches}");
        var expected = Enumerable.Range(1, 2).SelectMany(epoch => Enumerable.Range(1, batches).Select(batch => (epoch, batch)));
        Assert.Equal(expected, recorder.Reports.Select(r => (r.Epoch, r.Batch)));
        Assert.All(recorder.Reports, r => Assert.Equal(r.Batch == batches, r.IsEpochEnd));
        Assert.All(recorder.Reports, r => Assert.Null(r.ValidationLoss));
        Assert.All(recorder.Reports.Zip(recorder.Reports.Skip(1)), pair => Assert.True(pair.Second.EpochsDone > pair.First.EpochsDone));
        Assert.Equal(2.0, recorder.Reports[^1].EpochsDone);
    }

    [Fact]
    public void ANegativeIntervalIsRefusedByName()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DeepDetectors.Create(ml, "lstm", epochs: 1, configure: o => o.TrainingProgressInterval = TimeSpan.FromSeconds(-1)).Fit(ml.ToDataView(Series)));
        Assert.Contains("TrainingProgressInterval", error.Message);
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
