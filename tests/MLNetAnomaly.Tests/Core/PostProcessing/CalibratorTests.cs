using MLNetAnomaly.Core.PostProcessing;

namespace MLNetAnomaly.Tests.Core.PostProcessing;

public sealed class CalibratorTests
{
    private static double[] Noisy(int count, double level, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => level + random.NextDouble()).ToArray();
    }

    [Fact]
    public void StaticPValueIsTheSmoothedShareOfTrainingScoresAtLeastAsLarge()
    {
        var calibration = new StaticCalibrator(new double[] { 3, 1, 4, 2 });

        Assert.Equal(5.0 / 5, calibration.PValue(0.5), 12); // all four at least as large
        Assert.Equal(3.0 / 5, calibration.PValue(3), 12); // 3 and 4
        Assert.Equal(2.0 / 5, calibration.PValue(4), 12);
    }

    [Fact]
    public void StaticPValueKeepsFallingBeyondTheLargestTrainingScore()
    {
        var calibration = new StaticCalibrator(new double[] { 1, 2, 3, 4 });

        var justAbove = calibration.PValue(4.5);
        var farAbove = calibration.PValue(40);

        Assert.True(justAbove < 1.0 / 5);
        Assert.True(farAbove < justAbove);
        Assert.True(farAbove > 0);
    }

    [Fact]
    public void AdaptivePValueIsTheGaussianTailOfTheZScoreAgainstTheRecentHistory()
    {
        // History 1, 2, 3, 4: mean 2.5, population deviation sqrt(1.25).
        var state = new AdaptiveCalibrator(new double[] { 9, 1, 2, 3, 4 }, history: 4, smoothing: 1).Start();

        Assert.Equal(0.0013498980316301, state.PValue(2.5 + (3 * Math.Sqrt(1.25))), 9); // upper tail of N(0, 1) at 3
    }

    [Fact]
    public void AdaptiveSmoothingAveragesTheNewestScores()
    {
        var state = new AdaptiveCalibrator(new double[] { 1, 2, 3, 4 }, history: 4, smoothing: 2).Start();

        // The short window holds the newest training score (4) and the new one (8): mean 6, z = 3.5 / sqrt(1.25).
        var z = (6 - 2.5) / Math.Sqrt(1.25);
        Assert.Equal(0.5 * MathNet.Numerics.SpecialFunctions.Erfc(z / Math.Sqrt(2)), state.PValue(8), 12);
    }

    [Fact]
    public void AdaptiveCalibrationFollowsALastingLevelChangeButFlagsItsStart()
    {
        var state = new AdaptiveCalibrator(Noisy(500, 1, 1), history: 200, smoothing: 1).Start();
        var pValues = Noisy(600, 6, 2).Select(state.PValue).ToList();

        Assert.True(pValues[0] < 1e-10);
        Assert.All(pValues.Skip(300), p => Assert.True(p > 1e-3)); // the new level has become normal
    }

    [Fact]
    public void OneHugeScoreDoesNotCorruptTheAdaptiveCalibrationAfterItLeaves()
    {
        // 400 scores of 100 ± 1 with one 1e9 among them: once it has left the window, normal scores must look normal
        // again (a naive running sum of squares cancels catastrophically here).
        var random = new Random(3);
        var training = Enumerable.Range(0, 400).Select(_ => 100 + random.NextDouble() - 0.5).ToArray();
        var state = new AdaptiveCalibrator(training, history: 100, smoothing: 1).Start();
        state.PValue(1e9);
        var after = Enumerable.Range(0, 300).Select(_ => state.PValue(100 + random.NextDouble() - 0.5)).ToList();

        Assert.All(after.Skip(150), p => Assert.True(p > 1e-4, $"a normal score got p = {p}"));
    }

    [Fact]
    public void LikelihoodFlagsASustainedRiseOfTheAveragedScores()
    {
        var likelihood = new AnomalyLikelihood(Noisy(1000, 1, 4), averaging: 10, history: 1000, reestimationPeriod: 100, filter: false);
        var state = likelihood.Start();
        var quiet = Noisy(200, 1, 5).Select(state.PValue).ToList();
        var raised = Noisy(20, 4, 6).Select(state.PValue).ToList();

        Assert.All(quiet, p => Assert.True(p > 1e-5));
        Assert.True(raised.Min() < 1e-5);
    }

    [Fact]
    public void OneHugeScoreInTheHistoryDoesNotHideALaterAnomaly()
    {
        // Forecast errors are unbounded: a Gaussian re-estimated over a history holding an average of 1e6 would make
        // every later anomaly look normal for as long as it stays in the history; capped at p = 1e-10 it does not.
        var state = new AnomalyLikelihood(Noisy(500, 1, 13), averaging: 1, history: 1000, reestimationPeriod: 10, filter: true).Start();
        Assert.True(state.PValue(1e6) < 1e-10);
        foreach (var score in Noisy(200, 1, 14))
        {
            state.PValue(score);
        }

        Assert.True(state.PValue(8) < 1e-5);
    }

    [Fact]
    public void LikelihoodIgnoresScoresBelowTheMean()
    {
        var state = new AnomalyLikelihood(Noisy(300, 1, 7), averaging: 1, history: 300, reestimationPeriod: 100, filter: true).Start();

        Assert.True(state.PValue(-50) > 0.5);
    }

    [Fact]
    public void LikelihoodFilterKeepsOnlyTheFirstPointOfARunOfVeryLowProbabilities()
    {
        var training = Noisy(500, 1, 8);
        var filtered = new AnomalyLikelihood(training, averaging: 1, history: 500, reestimationPeriod: 1000, filter: true).Start();
        var plain = new AnomalyLikelihood(training, averaging: 1, history: 500, reestimationPeriod: 1000, filter: false).Start();

        var run = new[] { 50.0, 60, 70 };
        var withFilter = run.Select(filtered.PValue).ToList();
        var without = run.Select(plain.PValue).ToList();

        Assert.All(without, p => Assert.True(p < AnomalyLikelihood.RedPValue));
        Assert.Equal(without[0], withFilter[0]);
        Assert.Equal(AnomalyLikelihood.YellowPValue, withFilter[1]);
        Assert.Equal(AnomalyLikelihood.YellowPValue, withFilter[2]);
    }

    [Fact]
    public void LikelihoodFilterLeavesIsolatedRedPointsAlone()
    {
        var training = Noisy(500, 1, 9);
        var filtered = new AnomalyLikelihood(training, averaging: 1, history: 500, reestimationPeriod: 1000, filter: true).Start();

        var first = filtered.PValue(50);
        filtered.PValue(1.2);
        var second = filtered.PValue(50);

        Assert.True(first < AnomalyLikelihood.RedPValue);
        Assert.True(second < AnomalyLikelihood.RedPValue); // a normal point in between ends the run
    }

    [Fact]
    public void LikelihoodReestimatesItsGaussianWhileScoring()
    {
        var state = new AnomalyLikelihood(Noisy(200, 1, 10), averaging: 10, history: 200, reestimationPeriod: 50, filter: true).Start();
        var pValues = Noisy(800, 5, 11).Select(state.PValue).ToList();

        Assert.True(pValues.Take(20).Min() < 1e-5);
        Assert.All(pValues.Skip(600), p => Assert.True(p > 1e-3)); // the history has filled with the new level
    }

    [Fact]
    public void ConstantTrainingScoresGiveFiniteProbabilities()
    {
        var flat = Enumerable.Repeat(0.0, 200).ToArray();
        foreach (var calibration in new[] { ScoreCalibration.Static, ScoreCalibration.Adaptive, ScoreCalibration.Likelihood })
        {
            var settings = new PostProcessingOptions { Calibration = calibration }.ToSettings(0);
            var state = Calibrators.Fit(settings, flat)();

            Assert.True(state.PValue(0) >= 0.5, $"{calibration}: a training-like score");
            var pValue = state.PValue(500);
            Assert.True(pValue >= 0 && pValue < 1e-3, $"{calibration}: p = {pValue}");
        }
    }
}
