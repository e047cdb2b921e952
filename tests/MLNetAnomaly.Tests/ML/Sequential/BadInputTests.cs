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
    public void NonFiniteTrainingValuesAreRejectedWithTheirRowWhenAskedTo(float bad)
    {
        var values = SyntheticSeries.NoisySine(60);
        values[17] = bad;
        var options = TinyLstm.Options();
        options.MissingValues = MissingValueHandling.Refuse;

        var error = Assert.Throws<ArgumentException>(() => _ml.Transforms.DetectAnomalyByLstm(options).Fit(_ml.ToDataView(values)));
        Assert.Contains("at row 17", error.Message);
        Assert.Contains("'Value'", error.Message);
    }

    [Theory]
    [MemberData(nameof(DeepDetectors.Names), MemberType = typeof(DeepDetectors))]
    public void ASeriesWithGapsIsTrainedThroughAndScored(string name)
    {
        // A real series with gaps: NaN and infinite values in the training stretch and while scoring.
        var values = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(400), 8, 330);
        foreach (var gap in new[] { 0, 1, 40, 41, 42, 150, 360 })
        {
            values[gap] = float.NaN;
        }

        values[90] = float.PositiveInfinity;
        var model = DeepDetectors.Create(_ml, name, epochs: 3).Fit(_ml.ToDataView(values[..250]));
        var predictions = _ml.Predictions(model.Transform(_ml.ToDataView(values)));

        // Missing rows get [0, NaN, NaN]; every other scored row a finite score and p-value.
        var warmUp = ((SequentialDetectorTransformer)model).WarmUpLength;
        Assert.All(new[] { 40, 41, 42, 90, 150, 360 }, row => Assert.Equal(new[] { 0.0, double.NaN, double.NaN }, predictions[row]));
        Assert.All(Enumerable.Range(warmUp, values.Length - warmUp).Where(r => float.IsFinite(values[r])), row =>
            Assert.True(double.IsFinite(predictions[row][1]) && double.IsFinite(predictions[row][2]), $"row {row}: {string.Join(", ", predictions[row])}"));
    }

    [Fact]
    public void ASeriesWithNoValidValueIsRejectedClearly()
    {
        var values = Enumerable.Repeat(float.NaN, 60).ToArray();

        var error = Assert.Throws<ArgumentException>(() => _ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options()).Fit(_ml.ToDataView(values)));
        Assert.Contains("no finite value", error.Message);
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
