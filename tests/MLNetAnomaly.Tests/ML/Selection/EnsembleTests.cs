using Microsoft.ML;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Selection;

public sealed class EnsembleTests
{
    private static readonly float[] Spiked = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(900, noise: 0.3), 25, 500, 700, 850);

    private static DetectorSelectionOptions Options(int ensembleSize, bool calibrate = false) => new()
    {
        InputColumnName = "Value",
        MaxTrials = 4,
        Detectors = new[] { "iid-spike", "sr", "autoencoder" },
        EnsembleSize = ensembleSize,
        CalibrateScores = calibrate,
    };

    [Fact]
    public void RankCalibrationIsMonotoneBelowOneAndKeepsRisingPastTheTrainingMaximum()
    {
        var calibration = new RankCalibration(Enumerable.Range(0, 100).Select(i => (double)i));

        var scores = new[] { -5.0, 0, 50, 99, 100, 150, 1000 }.Select(calibration.Score).ToArray();

        Assert.True(scores.Zip(scores.Skip(1)).All(p => p.First < p.Second), string.Join(", ", scores));
        Assert.All(scores, s => Assert.True(s >= 0 && s < 1, $"{s}"));
        Assert.Equal(0.5 / 101, calibration.Score(0), 9);
    }

    [Fact]
    public void AnEnsembleOfTheTopThreeScoresInTheUnitIntervalAndFlagsTheSpikes()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);

        var result = ml.AnomalyDetection.CreateDetectorSelection(Options(3)).Run(data);
        var ensemble = Assert.IsType<DetectorEnsembleTransformer>(result.BestModel);
        var predictions = ml.Predictions(ensemble.Transform(data));

        Assert.Equal(3, ensemble.Members.Count);
        Assert.All(predictions, p => Assert.InRange(p[1], 0, 1));
        var top = predictions.Select((p, i) => (p[1], i)).OrderByDescending(x => x.Item1).Take(3).Select(x => x.i).Order();
        Assert.Equal(new[] { 500, 700, 850 }, top);
    }

    [Fact]
    public void ACalibratedBestDetectorKeepsItsAlerts()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);
        var raw = ml.AnomalyDetection.CreateDetectorSelection(Options(1)).Run(data).BestModel;

        var calibrated = Assert.IsType<DetectorEnsembleTransformer>(ml.AnomalyDetection.CreateDetectorSelection(Options(1, calibrate: true)).Run(data).BestModel);

        Assert.Single(calibrated.Members);
        Assert.Equal(ml.Predictions(raw.Transform(data)).Select(p => p[0]), ml.Predictions(calibrated.Transform(data)).Select(p => p[0]));
    }

    [Fact]
    public void AnEnsembleSavesAndLoadsWithItsMembers()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);
        var ensemble = ml.AnomalyDetection.CreateDetectorSelection(Options(3)).Run(data).BestModel;
        ml.Model.Save(ensemble, data.Schema, folder.File("ensemble.zip"));

        var fresh = new MLContext();
        var loaded = Assert.IsType<DetectorEnsembleTransformer>(fresh.Model.Load(folder.File("ensemble.zip"), out _));

        Assert.Equal(3, loaded.Members.Count);
        Assert.Equal(ml.Predictions(ensemble.Transform(data)), fresh.Predictions(loaded.Transform(data)));
    }
}
