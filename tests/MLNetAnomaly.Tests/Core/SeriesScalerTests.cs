using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Tests.Core;

public sealed class SeriesScalerTests
{
    [Fact]
    public void StandardisesWithMeanAndPopulationDeviation()
    {
        var scaler = SeriesScaler.Fit(new float[] { 1, 3, 5, 7 });

        Assert.Equal(4.0, scaler.Mean, 12);
        Assert.Equal(Math.Sqrt(5), scaler.Scale, 12);
        Assert.Equal((float)(3 / Math.Sqrt(5)), scaler.Apply(7), 6);
        Assert.Equal(7.0, scaler.Invert(scaler.Apply(7)), 5);
    }

    [Fact]
    public void ConstantSeriesGetsUnitScaleInsteadOfDividingByZero()
    {
        var scaler = SeriesScaler.Fit(new float[] { 5, 5, 5 });

        Assert.Equal(1.0, scaler.Scale);
        Assert.Equal(0f, scaler.Apply(5));
    }
}
