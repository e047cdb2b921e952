using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Tests.Core;

public sealed class ErrorCalibrationTests
{
    [Fact]
    public void PValueIsTheSmoothedShareOfTrainingErrorsAtLeastAsLarge()
    {
        var calibration = new ErrorCalibration(new float[] { 3, 1, 4, 2 });

        Assert.Equal(5.0 / 5.0, calibration.PValue(0));
        Assert.Equal(5.0 / 5.0, calibration.PValue(1));
        Assert.Equal(3.0 / 5.0, calibration.PValue(2.5));
        Assert.Equal(2.0 / 5.0, calibration.PValue(4));
        Assert.Equal(1.0 / 5.0, calibration.PValue(10));
    }

    [Fact]
    public void ScoreIsTheErrorOverTheRootMeanSquareTrainingError()
    {
        var calibration = new ErrorCalibration(new float[] { 1, -2, 3, 4 });

        Assert.Equal(Math.Sqrt(7.5), calibration.RootMeanSquare, 12);
        var output = calibration.Evaluate(Math.Sqrt(7.5) * 2, alpha: 0.3);
        Assert.Equal(2.0, output.Score, 12);
        Assert.Equal(0.2, output.PValue, 12);
        Assert.Equal(1.0, output.Alert);
        Assert.Equal(0.0, calibration.Evaluate(1.5, alpha: 0.3).Alert);
    }

    [Fact]
    public void NoTrainingErrorsIsRejected()
        => Assert.Throws<ArgumentException>(() => new ErrorCalibration(Array.Empty<float>()));
}
