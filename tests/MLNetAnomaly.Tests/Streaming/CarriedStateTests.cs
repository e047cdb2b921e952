using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Tests.Streaming;

public sealed class CarriedStateTests
{
    private static readonly float[] Series = StreamingModels.Series;

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void CarriedStateStartsExactlyAtTheWindowForecastAndStaysCloseToIt(string name)
    {
        var ml = new MLContext(seed: 1);
        var options = DetectorRegistry.CreateOptions(name);
        using var model = (SequentialDetectorTransformer)DeepDetectors.Create(ml, name, epochs: 10, configure: o =>
        {
            o.ExpectedValueColumnName = "Expected";
            o.PostProcessing = TestChains.PerRow();
        }).Fit(ml.ToDataView(Series[..300]));
        using var window = ml.AnomalyDetection.CreateStreamingEngine(model);
        using var carried = ml.AnomalyDetection.CreateStreamingEngine(model, new StreamingEngineOptions { CarryRecurrentState = true });
        Assert.True(carried.CarriesRecurrentState);

        var byWindow = Series.Select(window.Predict).ToArray();
        var byState = Series.Select(carried.Predict).ToArray();

        // Up to the first scored point the carried state has seen exactly one window from a zero state.
        Assert.All(byState[..12], p => Assert.Equal(new AnomalyPrediction(false, 0, 0.5, double.NaN, double.NaN), p));
        Assert.Equal(byWindow[12].ExpectedValue, byState[12].ExpectedValue, 1e-4);

        // Afterwards the state remembers more than a window. The stated tolerance: the median difference between
        // the two forecasts stays under a tenth of the series' standard deviation (docs/streaming.md has measurements),
        // and both find the two spikes as their top scores.
        var deviation = StandardDeviation(Series);
        var differences = Enumerable.Range(12, Series.Length - 12).Select(i => Math.Abs(byWindow[i].ExpectedValue - byState[i].ExpectedValue)).Order().ToArray();
        Assert.InRange(differences[differences.Length / 2], 0, 0.1 * deviation);
        Assert.Equal(new[] { 380, 470 }, Top(byState, 4).Where(i => i is 380 or 470).ToArray());
        Assert.Equal(new[] { 380, 470 }, Top(byWindow, 4).Where(i => i is 380 or 470).ToArray());
    }

    [Fact]
    public void ACarriedStateCheckpointRestoresExactlyAndOnlyIntoACarryingEngine()
    {
        var ml = new MLContext(seed: 1);
        using var model = StreamingModels.Fit(ml, "lstm");
        var carry = new StreamingEngineOptions { CarryRecurrentState = true };
        using var running = ml.AnomalyDetection.CreateStreamingEngine(model, carry);
        using var checkpoint = StreamingModels.StreamAndCheckpoint(running, Series[..333]);

        using var windowed = ml.AnomalyDetection.CreateStreamingEngine(model);
        var error = Assert.Throws<InvalidDataException>(() => windowed.Restore(checkpoint));
        Assert.Contains("CarryRecurrentState = true", error.Message);

        checkpoint.Position = 0;
        using var restored = ml.AnomalyDetection.CreateStreamingEngine(model, carry);
        restored.Restore(checkpoint);
        foreach (var value in Series[333..])
        {
            Assert.Equal(running.Predict(value), restored.Predict(value));
        }
    }

    [Theory]
    [InlineData("cnn")]
    [InlineData("sr")]
    public void DetectorsWithoutRecurrentStateIgnoreTheOption(string name)
    {
        var ml = new MLContext(seed: 1);
        using var model = StreamingModels.Fit(ml, name);
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model, new StreamingEngineOptions { CarryRecurrentState = true });

        Assert.False(engine.CarriesRecurrentState);
    }

    private static int[] Top(AnomalyPrediction[] predictions, int count)
        => predictions.Select((p, i) => (p.Score, i)).OrderByDescending(x => x.Score).Take(count).Select(x => x.i).Order().ToArray();

    private static double StandardDeviation(float[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
    }
}
