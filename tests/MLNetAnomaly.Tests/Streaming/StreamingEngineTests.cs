using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Tests.Streaming;

public sealed class StreamingEngineTests
{
    private static readonly float[] Series = StreamingModels.Series;

    public static TheoryData<string> Names => StreamingModels.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void PredictGivesTheRowsThatTransformGives(string name)
    {
        var ml = new MLContext(seed: 1);
        using var model = StreamingModels.Fit(ml, name);
        var batch = ml.Predictions(model.Transform(ml.ToDataView(Series)));
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);

        // One window per forward pass here, a padded block in Transform: the networks agree to float rounding. The
        // ensemble's calibrated scores are ranks among about 290 training values, so rounding may move one member by
        // a rank (1 / 290, halved by the mean of two members).
        var tolerance = name == "ensemble" ? 1.0 / 500 : 1e-4;
        for (var i = 0; i < Series.Length; i++)
        {
            var streamed = engine.Predict(Series[i]);
            Assert.Equal(batch[i][1], streamed.Score, Math.Max(tolerance, Math.Abs(batch[i][1]) * 1e-4));
            // SR with ML.NET's output has a magnitude, not a p-value, in its third slot; the engine says which.
            var magnitude = name == "sr";
            Assert.Equal(batch[i][2], magnitude ? streamed.Magnitude : streamed.PValue, Math.Max(tolerance, Math.Abs(batch[i][2]) * 1e-4));
            Assert.True(double.IsNaN(magnitude ? streamed.PValue : streamed.Magnitude));
        }

        Assert.Equal(Series.Length, engine.Position);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void AnEngineRestoredFromACheckpointContinuesExactlyLikeOneThatNeverStopped(string name)
    {
        var ml = new MLContext(seed: 1);
        using var model = StreamingModels.Fit(ml, name);
        using var running = ml.AnomalyDetection.CreateStreamingEngine(model);
        using var checkpoint = StreamingModels.StreamAndCheckpoint(running, Series[..350]);
        using var restored = ml.AnomalyDetection.CreateStreamingEngine(model);
        restored.Restore(checkpoint);

        Assert.Equal(350, restored.Position);
        foreach (var value in Series[350..])
        {
            // Bit for bit: the same state gives the same arithmetic.
            Assert.Equal(running.Predict(value), restored.Predict(value));
        }
    }

    [Fact]
    public void ACheckpointRestoresIntoAnEngineOfTheSameModelLoadedFromItsFile()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TemporaryFolder();
        using var model = StreamingModels.Fit(ml, "lstm");
        ml.Model.Save(model, null, folder.File("model.zip"));
        using var running = ml.AnomalyDetection.CreateStreamingEngine(model);
        using (var checkpoint = StreamingModels.StreamAndCheckpoint(running, Series[..340]))
        {
            File.WriteAllBytes(folder.File("engine.ckpt"), checkpoint.ToArray());
        }

        var fresh = new MLContext();
        var loaded = fresh.Model.Load(folder.File("model.zip"), out _);
        using var restored = fresh.AnomalyDetection.CreateStreamingEngine(loaded);
        using (var file = File.OpenRead(folder.File("engine.ckpt")))
        {
            restored.Restore(file);
        }

        foreach (var value in Series[340..])
        {
            Assert.Equal(running.Predict(value), restored.Predict(value));
        }
    }

    [Fact]
    public void ResetStartsANewSeries()
    {
        var ml = new MLContext(seed: 1);
        using var model = StreamingModels.Fit(ml, "sr");
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);
        var first = Series[..100].Select(engine.Predict).ToArray();

        engine.Reset();

        Assert.Equal(0, engine.Position);
        Assert.Equal(first, Series[..100].Select(engine.Predict).ToArray());
    }

    [Fact]
    public void ExpectedValuesAreTheForecastsOfTransform()
    {
        var ml = new MLContext(seed: 1);
        var options = TinyLstm.Options(epochs: 3);
        options.ExpectedValueColumnName = "Expected";
        using var model = ml.Transforms.DetectAnomalyByLstm(options).Fit(ml.ToDataView(Series[..300]));
        var batch = ml.Data.CreateEnumerable<ExpectedRow>(model.Transform(ml.ToDataView(Series)), reuseRowObject: false).Select(r => r.Expected).ToArray();
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);

        var streamed = Series.Select(v => engine.Predict(v).ExpectedValue).ToArray();

        Assert.All(streamed[..12], e => Assert.True(double.IsNaN(e)));
        for (var i = 12; i < Series.Length; i++)
        {
            Assert.Equal(batch[i], streamed[i], 1e-3);
        }
    }

    [Fact]
    public void EnginesOnManyThreadsShareOneModel()
    {
        var ml = new MLContext(seed: 1);
        using var model = StreamingModels.Fit(ml, "gru");
        using var alone = ml.AnomalyDetection.CreateStreamingEngine(model);
        var expected = Series.Select(alone.Predict).ToArray();

        var results = new AnomalyPrediction[4][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);
            results[k] = Series.Select(engine.Predict).ToArray();
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    /// <summary>A row with the forecast column.</summary>
    public sealed class ExpectedRow
    {
        /// <summary>The forecast.</summary>
        public float Expected { get; set; }
    }
}
