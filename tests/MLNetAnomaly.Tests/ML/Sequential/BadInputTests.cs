using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Sequential;

public sealed class BadInputTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void EmptyDataIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => _ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options()).Fit(_ml.ToDataView(Array.Empty<float>())));
        Assert.Contains("empty", error.Message);
        Assert.Contains("'Value'", error.Message);
    }

    [Fact]
    public void FewerRowsThanWindowPlusOneIsRejectedWithTheNeededCount()
    {
        var error = Assert.Throws<ArgumentException>(() => _ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(window: 12)).Fit(_ml.ToDataView(new float[12])));
        Assert.Contains("has 12 rows; at least 13 are needed", error.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteTrainingValuesAreRejectedWithTheirRow(float bad)
    {
        var values = SyntheticSeries.NoisySine(60);
        values[17] = bad;

        var error = Assert.Throws<ArgumentException>(() => _ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options()).Fit(_ml.ToDataView(values)));
        Assert.Contains("at row 17", error.Message);
        Assert.Contains("'Value'", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-3)]
    public void WindowSizeBelowTwoIsRejected(int windowSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Transforms.DetectAnomalyByLstm("Prediction", "Value", windowSize: windowSize));
        Assert.Equal("WindowSize", error.ParamName);
        Assert.Contains("at least 2", error.Message);
    }

    [Fact]
    public void OtherOptionsOutOfRangeAreNamed()
    {
        void Check(string name, Action<LstmDetectorOptions> spoil)
        {
            var options = TinyLstm.Options();
            spoil(options);
            var error = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.DetectAnomalyByLstm(options));
            Assert.Equal(name, error.ParamName);
        }

        Check("PostProcessing.Confidence", o => o.PostProcessing.Confidence = 100);
        Check("LearningRate", o => o.LearningRate = 0);
        Check("HiddenSize", o => o.HiddenSize = 0);
        Check("Dropout", o => o.Dropout = 1);
        Check("InputColumnName", o => o.InputColumnName = "");
        Check("Epochs", o => o.Epochs = 0);
    }
}
