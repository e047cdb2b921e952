using Microsoft.ML;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Streaming;
using MLNetAnomaly.Tests.TestFramework;
using MLNetAnomaly.Torch;
using static TorchSharp.torch;

namespace MLNetAnomaly.Tests.ML.Detectors.Deep;

/// <summary>
/// Forecasters with a horizon above 1 judge each row by every forecast made for it, and keep every promise a
/// next-step forecaster makes: causal, deterministic, the same in every scoring path, saved and restored exactly.
/// </summary>
public sealed class ForecastHorizonTests
{
    private const int Window = 12;
    private const int Horizon = 3;
    private static readonly float[] Training = SyntheticSeries.NoisySine(300);
    private static readonly float[] Series = SyntheticSeries.WithLevelShift(SyntheticSeries.NoisySine(480), 12, 360);

    public static TheoryData<string> Forecasters => new() { "lstm", "gru", "rnn", "cnn" };

    private static DeepDetectorTransformer Fit(MLContext ml, string name = "lstm", int horizon = Horizon, bool learning = false)
        => (DeepDetectorTransformer)DeepDetectors.Create(ml, name, window: Window, epochs: 4, configure: o =>
        {
            ((ForecastDetectorOptions)o).ForecastHorizon = horizon;
            o.OnlineLearning = new OnlineLearningOptions { Enabled = learning, UpdateInterval = 16, RecentWindows = 32 };
        }).Fit(ml.ToDataView(Training));

    [Theory]
    [MemberData(nameof(Forecasters))]
    public void EachRowsRawScoreCombinesTheErrorsOfEveryForecastMadeForIt(string name)
    {
        TorchNativeSupport.EnsureLoadable();
        var ml = new MLContext(seed: 1);
        using var model = Fit(ml, name);
        var raw = model.Network;
        Assert.Equal(Horizon, raw.ErrorScales.Length);

        var outputs = new DetectorOutput[Series.Length];
        using (var session = raw.CreateSession(ScoringMode.Batch))
        {
            session.Score(Series, outputs, Span<float>.Empty);
        }

        // Window + horizon - 1 rows of warm-up, then scores.
        Assert.All(outputs[..(Window + Horizon - 1)], o => Assert.Equal(DetectorOutput.WarmUp, o));

        // Recomputed here one window at a time: row t was forecast k rows ahead by the window ending at t - k.
        var scaled = Series.Select(v => raw.Scaler.Apply(v, 0)).ToArray();
        foreach (var t in new[] { Window + Horizon - 1, 100, 359, 360, 361, 479 })
        {
            var sum = 0.0;
            for (var k = 1; k <= Horizon; k++)
            {
                using var scope = NewDisposeScope();
                using var mode = InferenceGuard.Enter(raw.Network, CPU);
                var window = tensor(scaled[(t - k - Window + 1)..(t - k + 1)], new long[] { 1, Window, 1 });
                var forecast = raw.Network.call(window).detach().data<float>()[k - 1];
                var relative = Math.Abs(forecast - scaled[t]) / raw.ErrorScales[k - 1];
                sum += relative * relative;
            }

            var expected = Math.Sqrt(sum / Horizon);
            Assert.Equal(expected, outputs[t].Score, Math.Max(1e-4, expected * 1e-4));
        }
    }

    [Theory]
    [MemberData(nameof(Forecasters))]
    public void ChangingALaterValueChangesNoEarlierScoreAndRunsRepeatExactly(string name)
    {
        var ml = new MLContext(seed: 1);
        using var model = Fit(ml, name, learning: name == "gru");
        var changed = (float[])Series.Clone();
        changed[400] += 30;

        var first = ml.Predictions(model.Transform(ml.ToDataView(Series)));
        var again = ml.Predictions(model.Transform(ml.ToDataView(Series)));
        var other = ml.Predictions(model.Transform(ml.ToDataView(changed)));

        Assert.Equal(first, again);
        Assert.Equal(first[..400], other[..400]);
        Assert.NotEqual(first[400], other[400]);
    }

    [Fact]
    public void TransformThePredictionEngineAndTheStreamingEngineGiveTheSameScores()
    {
        var ml = new MLContext(seed: 1);
        using var model = Fit(ml);
        var batch = ml.Predictions(model.Transform(ml.ToDataView(Series)));
        var prediction = ml.Model.CreatePredictionEngine<ValueRow, PredictionRow>(model);

        // Carrying recurrent state is not possible with a horizon: the engine recomputes windows instead.
        using var streaming = ml.AnomalyDetection.CreateStreamingEngine(model, new StreamingEngineOptions { CarryRecurrentState = true });
        Assert.False(streaming.CarriesRecurrentState);

        for (var i = 0; i < Series.Length; i++)
        {
            var row = prediction.Predict(new ValueRow { Value = Series[i] }).Prediction;
            var streamed = streaming.Predict(Series[i]);
            Assert.Equal(batch[i][1], row[1], Math.Max(1e-4, Math.Abs(batch[i][1]) * 1e-4));
            Assert.Equal(batch[i][1], streamed.Score, Math.Max(1e-4, Math.Abs(batch[i][1]) * 1e-4));
        }
    }

    [Fact]
    public void TheHorizonSurvivesSaveAndLoadAndACheckpointContinuesExactly()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        using var model = Fit(ml, "cnn");
        var data = ml.ToDataView(Series);
        ml.Model.Save(model, data.Schema, folder.File("horizon.zip"));

        var fresh = new MLContext();
        using var loaded = (DeepDetectorTransformer)fresh.Model.Load(folder.File("horizon.zip"), out _);
        Assert.Equal(Horizon, ((ForecastDetectorOptions)loaded.Options).ForecastHorizon);
        Assert.Equal(ml.Predictions(model.Transform(data)), fresh.Predictions(loaded.Transform(data)));

        using var running = fresh.AnomalyDetection.CreateStreamingEngine(loaded);
        using var checkpoint = Streaming.StreamingModels.StreamAndCheckpoint(running, Series[..200]);
        using var restored = fresh.AnomalyDetection.CreateStreamingEngine(loaded);
        restored.Restore(checkpoint);
        using var fresher = fresh.AnomalyDetection.CreateStreamingEngine(loaded);
        var continued = Series[200..].Select(v => running.Predict(v)).ToArray();
        Assert.Equal(continued, Series[200..].Select(v => restored.Predict(v)).ToArray());
        Assert.NotEqual(continued.Take(Window + Horizon).Select(p => p.Score), Series[200..].Take(Window + Horizon).Select(v => fresher.Predict(v).Score));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void AHorizonOutOfRangeIsRefusedByName(int horizon)
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsAny<ArgumentException>(() => DeepDetectors.Create(ml, "lstm", configure: o => ((ForecastDetectorOptions)o).ForecastHorizon = horizon));
        Assert.Equal(nameof(ForecastDetectorOptions.ForecastHorizon), error.ParamName);
    }

    [Fact]
    public void TooFewRowsForAWindowAndItsHorizonAreRefusedWithBothNamed()
    {
        var ml = new MLContext(seed: 1);
        var estimator = DeepDetectors.Create(ml, "lstm", window: 12, configure: o => ((ForecastDetectorOptions)o).ForecastHorizon = 10);
        var error = Assert.Throws<ArgumentException>(() => estimator.Fit(ml.ToDataView(Training[..21])));
        Assert.Contains("21 rows; at least 22", error.Message);
        Assert.Contains("ForecastHorizon 10", error.Message);
    }
}
