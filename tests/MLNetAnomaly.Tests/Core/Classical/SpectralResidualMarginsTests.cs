using MLNetAnomaly.Core.Classical;

namespace MLNetAnomaly.Tests.Core.Classical;

/// <summary>ML.NET's margin curve and its inverse, the margin-mode score (checked here without the reference data).</summary>
public sealed class SpectralResidualMarginsTests
{
    [Fact]
    public void TheFactorCurveHasMlNetsValues()
    {
        var factors = SpectralResidualMargins.Factors;
        Assert.Equal(101, factors.Length);
        Assert.Equal(532.0, factors[0]);
        Assert.Equal(0.6399999999999997, factors[64]);
        Assert.Equal(0.043636363636363695, factors[93]);
        Assert.Equal(0.0, factors[100]);
        Assert.All(Enumerable.Range(1, 100), i => Assert.True(factors[i] < factors[i - 1], $"factor {i}"));
    }

    [Theory]
    [InlineData(64, 64.0)]
    [InlineData(30, 30.0)]
    [InlineData(99, 99.0)]
    public void AnAnomalyExactlyOnAMarginScoresItsSensitivity(int sensitivity, double expected)
    {
        var unit = 2.5;
        var distance = SpectralResidualMargins.Margin(unit, sensitivity);
        Assert.Equal((100 - expected) / 100, SpectralResidualMargins.Score(10 + distance, 10, unit, anomaly: true), 12);
    }

    [Fact]
    public void ScoresInterpolateBetweenMarginsExceedOneBeyondTheTableAndAreZeroForNormalPoints()
    {
        var between = (SpectralResidualMargins.Factors[40] + SpectralResidualMargins.Factors[41]) / 2;
        Assert.Equal(0.595, SpectralResidualMargins.Score(between, 0, 1, anomaly: true), 12);
        Assert.True(SpectralResidualMargins.Score(1000, 0, 1, anomaly: true) > 1);
        Assert.Equal(0, SpectralResidualMargins.Score(1000, 0, 1, anomaly: false));
        Assert.Equal(SpectralResidualMargins.Factors[70] * 2 + ((SpectralResidualMargins.Factors[69] - SpectralResidualMargins.Factors[70]) * 0.5 * 2), SpectralResidualMargins.Margin(2, 69.5), 12);
    }

    [Fact]
    public void TheRunningMedianTakesTheCentredWindowAndFewerPointsAtTheEnds()
    {
        var values = new double[] { 5, 1, 4, 2, 3, 9, 7 };
        var medians = SpectralResidualMargins.RunningMedian(values, 3);
        Assert.Equal(new[] { 3.0, 4, 2, 3, 3, 7, 8 }, medians);
    }
}
