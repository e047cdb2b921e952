using System.Diagnostics;
using Microsoft.ML;
using MLNetAnomaly.Selection;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Selection;

/// <summary>
/// A time budget is a deadline and a cancellation is prompt: a network still training stops within one batch, and
/// the best trial's own model stands in when there is no time left to refit. Each test would take minutes without
/// that (the networks train on 100,000 points), so the generous bounds below still tell the two apart.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SelectionBudgetTests
{
    private static readonly float[] Long = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(100_000), 9, 99_000);

    /// <summary>A seed whose trial order starts with an IID spike trial and then a network.</summary>
    private static int SeedStartingWithIidSpikeThenLstm()
        => Enumerable.Range(1, 100).First(seed => SelectionSearchSpace.Ordered(new[] { "iid-spike", "lstm" }, seed) is var order && order[0].Detector == "iid-spike" && order[1].Detector == "lstm");

    [Fact]
    public void TheDeadlineStopsANetworkInTrainingAndTheSearchEndsOnTime()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Long);
        // Without successive halving the LSTM trains all 10 epochs (about 15 s here), so the deadline always finds it
        // training, however fast the machine; with halving its 3-epoch first rung could end just before it.
        var options = new DetectorSelectionOptions { InputColumnName = "Value", Detectors = new[] { "iid-spike", "lstm" }, MaxTrials = null, MaxTime = TimeSpan.FromSeconds(8), Seed = SeedStartingWithIidSpikeThenLstm(), SuccessiveHalving = false };

        var clock = Stopwatch.StartNew();
        var result = ml.AnomalyDetection.CreateDetectorSelection(options).Run(data);
        clock.Stop();

        Assert.Contains(result.Leaderboard, t => t.Detector == "lstm" && t.Error == TrialRunner.Stopped);
        Assert.False(result.RefittedOnWholeSeries);
        Assert.Equal(Long.Length, ml.Predictions(result.BestModel.Transform(data)).Length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8 * 1.1 + 3), $"The search took {clock.Elapsed.TotalSeconds:F1} s for a budget of 8 s.");
    }

    [Fact]
    public void CancellationStopsANetworkInTrainingAndReturnsTheBestTrialSoFar()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Long);
        var options = new DetectorSelectionOptions { InputColumnName = "Value", Detectors = new[] { "iid-spike", "lstm" }, MaxTrials = 8, Seed = SeedStartingWithIidSpikeThenLstm() };
        using var cancellation = new CancellationTokenSource();

        // Cancel two seconds after the first trial ends, while a network trains.
        var clock = new Stopwatch();
        var result = ml.AnomalyDetection.CreateDetectorSelection(options).Run(data, new SynchronousProgress<TrialResult>(_ =>
        {
            if (!clock.IsRunning)
            {
                clock.Start();
                cancellation.CancelAfter(TimeSpan.FromSeconds(2));
            }
        }), cancellation.Token);
        clock.Stop();

        Assert.True(result.StoppedEarly);
        Assert.False(result.RefittedOnWholeSeries);
        Assert.Contains(result.Leaderboard, t => t.Error == TrialRunner.Stopped);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2 + 3), $"Cancellation took {clock.Elapsed.TotalSeconds - 2:F1} s to take effect.");
    }
}
