using Microsoft.ML;
using MLNetAnomaly.Selection;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Selection;

/// <summary>Selection scores every real series: a short one gets a detector that needs no training, one with gaps is searched and scored through them.</summary>
public sealed class ShortAndGappedSeriesTests
{
    private static DetectorSelectionOptions Options() => new()
    {
        InputColumnName = "Value",
        MaxTrials = 4,
        Detectors = new[] { "iid-spike", "autoencoder" },
    };

    [Fact]
    public void ASeriesTooShortToCompareDetectorsGetsIidSpikeAndTheResultSaysWhy()
    {
        var ml = new MLContext(seed: 1);
        var series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(60), 40, 45);
        var result = ml.AnomalyDetection.CreateDetectorSelection(Options()).Run(ml.ToDataView(series));

        Assert.Contains("60 rows", result.Fallback);
        Assert.Equal("iid-spike", Assert.Single(result.Leaderboard).Detector);
        var predictions = ml.Predictions(result.BestModel.Transform(ml.ToDataView(series)));
        Assert.Equal(60, predictions.Length);
        // The chain's likelihood averages recent raw scores, so the spike's score peaks at it or just after.
        var peak = Enumerable.Range(30, 30).MaxBy(i => predictions[i][1]);
        Assert.InRange(peak, 45, 50);
    }

    [Fact]
    public void ABudgetThatRunsOutBeforeAnyTrialFinishesStillGivesAModelAndSaysWhy()
    {
        var ml = new MLContext(seed: 1);
        var series = SyntheticSeries.NoisySine(400);
        var options = new DetectorSelectionOptions { InputColumnName = "Value", Detectors = new[] { "lstm" }, MaxTrials = null, MaxTime = TimeSpan.FromMilliseconds(1) };

        var result = ml.AnomalyDetection.CreateDetectorSelection(options).Run(ml.ToDataView(series));

        Assert.Contains("time budget", result.Fallback);
        Assert.Equal("iid-spike", Assert.Single(result.Leaderboard).Detector);
        Assert.Equal(400, ml.Predictions(result.BestModel.Transform(ml.ToDataView(series))).Length);
    }

    [Fact]
    public void ASeriesWithGapsIsSearchedAndScoredWithItsGapsAsMissingRows()
    {
        var ml = new MLContext(seed: 1);
        var series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(400), 12, 350);
        foreach (var gap in new[] { 5, 100, 101, 102, 250 })
        {
            series[gap] = float.NaN;
        }

        var result = ml.AnomalyDetection.CreateDetectorSelection(Options()).Run(ml.ToDataView(series));

        Assert.Null(result.Fallback);
        Assert.All(result.Leaderboard, t => Assert.Null(t.Error));
        var predictions = ml.Predictions(result.BestModel.Transform(ml.ToDataView(series)));
        Assert.True(double.IsNaN(predictions[250][1]), "a gap row is missing: its score is NaN");
        Assert.All(Enumerable.Range(300, 100), i => Assert.True(double.IsFinite(predictions[i][1])));
    }
}
