using MLNetAnomaly.Core.Thresholds;

namespace MLNetAnomaly.Tests.Core.Thresholds;

public sealed class AlertRuleTiesTests
{
    [Theory]
    [InlineData(126)]
    [InlineData(133)]
    [InlineData(501)]
    public void SpotOnShortTrainingSeriesOfAnyLengthFitsATail(int count)
    {
        var random = new Random(count);
        var scores = Enumerable.Range(0, count).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray();

        Assert.True(new AlertRule(new AlertSettings(AlertThreshold.Spot, 0.01, 0.01, 1e-3, 0.5), scores).UsesSpot);
    }

    [Fact]
    public void SpotOnHeavilyTiedTrainingScoresStillJudges()
    {
        // Adaptive scores are max(0, z): half of them can be exactly 0, and here all but five are.
        var scores = Enumerable.Repeat(0.0, 200).Concat(Enumerable.Repeat(1.0, 5)).ToArray();

        var alerts = new AlertRule(new AlertSettings(AlertThreshold.Spot, 0.01, 0.01, 1e-3, 0.5), scores).Start();

        Assert.Equal(1, alerts.Apply(new MLNetAnomaly.Core.Scoring.DetectorOutput(0, 50, 0.5)).Alert);
        Assert.Equal(0, alerts.Apply(new MLNetAnomaly.Core.Scoring.DetectorOutput(0, 0, 0.5)).Alert);
    }
}
