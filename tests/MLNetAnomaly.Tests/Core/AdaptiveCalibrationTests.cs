using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Tests.Core;

public sealed class AdaptiveCalibrationTests
{
    private static float[] NoisyErrors(int count, double level, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(level + random.NextDouble())).ToArray();
    }

    [Fact]
    public void ScoresAZScoreAgainstTheRecentHistory()
    {
        // History 1, 2, 3, 4: mean 2.5, population deviation sqrt(1.25).
        var calibration = new AdaptiveCalibration(new float[] { 9, 1, 2, 3, 4 }, history: 4, smoothing: 1);

        var output = calibration.Evaluate(2.5 + (3 * Math.Sqrt(1.25)), alpha: 0.01);

        Assert.Equal(3.0, output.Score, 9);
        Assert.Equal(0.0013498980316301, output.PValue, 9); // upper tail of a standard normal at 3
        Assert.Equal(1.0, output.Alert);
    }

    [Fact]
    public void ErrorsBelowTheRecentMeanScoreZeroWithPValuesAboveOneHalf()
    {
        var calibration = new AdaptiveCalibration(new float[] { 1, 2, 3, 4 }, history: 4, smoothing: 1);

        var output = calibration.Evaluate(1.0, alpha: 0.01);

        Assert.Equal(0.0, output.Score);
        Assert.True(output.PValue > 0.5);
        Assert.Equal(0.0, output.Alert);
    }

    [Fact]
    public void FollowsALastingLevelChangeButFlagsItsStart()
    {
        var calibration = new AdaptiveCalibration(NoisyErrors(500, 1, 1), history: 200, smoothing: 1);
        var outputs = NoisyErrors(600, 6, 2).Select(e => calibration.Evaluate(e, alpha: 0.01)).ToList();

        Assert.Equal(1.0, outputs[0].Alert);
        Assert.True(outputs[0].Score > 10);
        Assert.All(outputs.Skip(300), o => Assert.Equal(0.0, o.Alert)); // the new level has become normal
    }

    [Fact]
    public void SmoothingAveragesTheNewestErrors()
    {
        var calibration = new AdaptiveCalibration(new float[] { 1, 2, 3, 4 }, history: 4, smoothing: 2);

        // The short window holds the newest training error (4) and the new error (8): mean 6.
        var output = calibration.Evaluate(8, alpha: 0.01);

        Assert.Equal((6 - 2.5) / Math.Sqrt(1.25), output.Score, 9);
    }
}
