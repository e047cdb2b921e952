using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Tests.Core.Scoring;

public sealed class SeriesScalerTests
{
    [Fact]
    public void StandardisesWithMeanAndPopulationDeviation()
    {
        var scaler = SeriesScaler.Fit(new float[] { 1, 3, 5, 7 }, 1);

        Assert.Equal(4.0, scaler.Mean[0], 12);
        Assert.Equal(Math.Sqrt(5), scaler.Scale[0], 12);
        Assert.Equal((float)(3 / Math.Sqrt(5)), scaler.Apply(7, 0), 6);
        Assert.Equal(7.0, scaler.Invert(scaler.Apply(7, 0), 0), 5);
    }

    [Fact]
    public void EachDimensionHasItsOwnStatistics()
    {
        // Rows (1, 10), (3, 10), (5, 10): the second dimension is constant.
        var scaler = SeriesScaler.Fit(new float[] { 1, 10, 3, 10, 5, 10 }, 2);

        Assert.Equal(2, scaler.Dimensions);
        Assert.Equal(new[] { 3.0, 10.0 }, scaler.Mean);
        Assert.Equal(Math.Sqrt(8.0 / 3), scaler.Scale[0], 12);
        Assert.Equal(1.0, scaler.Scale[1]);
        Assert.Equal(new[] { (float)(-2 / Math.Sqrt(8.0 / 3)), 0f }, scaler.Apply(new float[] { 1, 10 }));
    }
}
