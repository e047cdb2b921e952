using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Core.Thresholds;

namespace MLNetAnomaly.Tests.Core.Thresholds;

public sealed class AlertRuleTests
{
    private static double[] Exponential(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray();
    }

    private static double AlertRate(AlertRule rule, IEnumerable<double> scores)
    {
        var alerts = rule.Start();
        return scores.Select(s => alerts.Apply(new DetectorOutput(0, s, 0.5)).Alert).Average();
    }

    [Fact]
    public void ContaminationAlertsAboutThatShareOfNewNormalScores()
    {
        var rule = new AlertRule(new AlertSettings(AlertThreshold.Contamination, 0.01, 0.05, 1e-3, 0.5), Exponential(20_000, 1));

        var rate = AlertRate(rule, Exponential(20_000, 2));

        Assert.InRange(rate, 0.04, 0.06);
    }

    [Fact]
    public void SpotAlertsAboutItsRiskOnNormalScoresAndAlwaysOnAnOutlier()
    {
        var rule = new AlertRule(new AlertSettings(AlertThreshold.Spot, 0.01, 0.01, 1e-3, 0.5), Exponential(20_000, 3));

        var rate = AlertRate(rule, Exponential(50_000, 4));
        var alerts = rule.Start();

        // Exp(1) passes ln(1000) = 6.9 with probability 1e-3.
        Assert.InRange(rate, 0.0003, 0.003);
        Assert.InRange(alerts.ScoreThreshold, 6.0, 8.0);
        Assert.Equal(1, alerts.Apply(new DetectorOutput(0, 20, 0.5)).Alert);
    }

    [Fact]
    public void PValueRuleAlertsBelowAlphaWhateverTheScore()
    {
        var alerts = new AlertRule(new AlertSettings(AlertThreshold.PValue, 0.01, 0.01, 1e-3, 0.5), Exponential(1_000, 5)).Start();

        Assert.Equal(1, alerts.Apply(new DetectorOutput(0, 0.1, 0.005)).Alert);
        Assert.Equal(0, alerts.Apply(new DetectorOutput(1, 100, 0.02)).Alert);
    }

    [Fact]
    public void MissingScoresNeverAlert()
    {
        var alerts = new AlertRule(new AlertSettings(AlertThreshold.Contamination, 0.01, 0.01, 1e-3, 0.5), Exponential(1_000, 6)).Start();

        Assert.Equal(0, alerts.Apply(DetectorOutput.Missing).Alert);
    }

    [Fact]
    public void SpotWithTooFewTrainingScoresFallsBackToTheScoreRule()
    {
        var rule = new AlertRule(new AlertSettings(AlertThreshold.Spot, 0.01, 0.01, 1e-3, 0.5), Exponential(40, 7));
        var alerts = rule.Start();

        Assert.False(rule.UsesSpot);
        Assert.Equal(1, alerts.Apply(new DetectorOutput(0, 0.5, 0.5)).Alert);
        Assert.Equal(0, alerts.Apply(new DetectorOutput(0, 0.49, 0.001)).Alert);
    }

    [Fact]
    public void SpotOnAShortTrainingSeriesLowersItsInitialQuantileAndStillFlagsOutliers()
    {
        var rule = new AlertRule(new AlertSettings(AlertThreshold.Spot, 0.01, 0.01, 1e-3, 0.5), Exponential(120, 8));
        var alerts = rule.Start();

        Assert.True(rule.UsesSpot);
        Assert.Equal(1, alerts.Apply(new DetectorOutput(0, 25, 0.5)).Alert);
        Assert.Equal(0, alerts.Apply(new DetectorOutput(0, 1, 0.5)).Alert);
    }

    [Fact]
    public void SpotKeepsABoundedNumberOfPeaksOnALongStream()
    {
        var spot = new PeaksOverThreshold(Exponential(5_000, 9), 1e-3);
        foreach (var score in Exponential(200_000, 10))
        {
            spot.Update(score);
        }

        // 2% of 200,000 scores are peaks, far more than are kept; the threshold still sits near ln(1000) = 6.9.
        Assert.InRange(spot.Threshold, 6.0, 8.0);
        Assert.InRange(spot.PeakCount, 1, PeaksOverThreshold.MaxPeaks);
    }
}
