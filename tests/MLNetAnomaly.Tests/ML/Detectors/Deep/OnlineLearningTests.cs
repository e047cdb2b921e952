using Microsoft.ML;
using MLNetAnomaly.Streaming;
using MLNetAnomaly.Tests.TestFramework;
using MLNetAnomaly.Torch;

namespace MLNetAnomaly.Tests.ML.Detectors.Deep;

/// <summary>
/// Learning while scoring keeps every promise frozen detectors make: causal, deterministic, the same in Transform, the
/// prediction engine and the streaming engine, exactly restored from checkpoints, and never changing the fitted model.
/// </summary>
public sealed class OnlineLearningTests
{
    // Updates every 16 rows, so the 220 scored rows after training see 13 updates; a level shift at 360 gives them
    // something to learn.
    private static readonly float[] Training = SyntheticSeries.NoisySine(300);
    private static readonly float[] Series = SyntheticSeries.WithLevelShift(SyntheticSeries.NoisySine(520), 12, 360);

    private sealed class ExpectedRow
    {
        public float Value { get; set; }

        public float Expected { get; set; }
    }

    public static TheoryData<string> Names => DeepDetectors.Names;

    private static DeepDetectorTransformer Fit(MLContext ml, string name = "lstm", bool learning = true, int epochs = 4)
        => (DeepDetectorTransformer)DeepDetectors.Create(ml, name, epochs: epochs, configure: o =>
        {
            o.ExpectedValueColumnName = "Expected";
            o.OnlineLearning = new OnlineLearningOptions { Enabled = learning, UpdateInterval = 16, StepsPerUpdate = 2, RecentWindows = 32 };
        }).Fit(ml.ToDataView(Training));

    private static float[] Expected(MLContext ml, IDataView scored)
        => ml.Data.CreateEnumerable<ExpectedRow>(scored, reuseRowObject: false).Select(r => r.Expected).ToArray();

    [Theory]
    [MemberData(nameof(Names))]
    public void ChangingALaterValueChangesNoEarlierScoreAndRunsRepeatExactly(string name)
    {
        var ml = new MLContext(seed: 1);
        using var model = Fit(ml, name);
        var changed = (float[])Series.Clone();
        changed[400] += 30;

        var first = ml.Predictions(model.Transform(ml.ToDataView(Series)));
        var again = ml.Predictions(model.Transform(ml.ToDataView(Series)));
        var other = ml.Predictions(model.Transform(ml.ToDataView(changed)));

        Assert.Equal(first, again);
        Assert.Equal(first[..400], other[..400]);
        Assert.NotEqual(first[400..].Select(p => p[1]), other[400..].Select(p => p[1]));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void LearningChangesTheScoresOnlyAfterTheFirstUpdateAndFollowsALevelShift(string name)
    {
        var ml = new MLContext(seed: 1);
        using var learning = Fit(ml, name);
        using var frozen = Fit(ml, name, learning: false);
        var data = ml.ToDataView(Series);
        var adapted = Expected(ml, learning.Transform(data));
        var fixedWeights = Expected(ml, frozen.Transform(data));

        // The same fitted weights (same seed) until the first update, after the first 16 rows (to float rounding:
        // the learning session scores blocks of 16 rows, the frozen one blocks of 256); different weights after it.
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(fixedWeights[i], adapted[i], 1e-3);
        }

        Assert.True(Enumerable.Range(16, Series.Length - 16).Max(i => Math.Abs(adapted[i] - fixedWeights[i])) > 0.01, $"{name}: learning changed no expectation");

        // After the shift, the adapting network's expectations come closer to the new level than the frozen one's.
        double Gap(float[] expected) => Enumerable.Range(440, 80).Average(i => Math.Abs(expected[i] - Series[i]));
        Assert.True(Gap(adapted) < Gap(fixedWeights), $"{name}: mean gap after the shift {Gap(adapted):F2} adapting, {Gap(fixedWeights):F2} frozen");
    }

    [Fact]
    public void TransformThePredictionEngineAndTheStreamingEngineGiveTheSameScores()
    {
        var ml = new MLContext(seed: 1);
        using var model = Fit(ml);
        var batch = ml.Predictions(model.Transform(ml.ToDataView(Series)));
        var prediction = ml.Model.CreatePredictionEngine<ValueRow, PredictionRow>(model);
        using var streaming = ml.AnomalyDetection.CreateStreamingEngine(model);

        for (var i = 0; i < Series.Length; i++)
        {
            var row = prediction.Predict(new ValueRow { Value = Series[i] }).Prediction;
            var streamed = streaming.Predict(Series[i]);

            // The weights are the same in all three (updates learn from the same rows); forward passes over one
            // window and over a padded block agree to float rounding.
            Assert.Equal(batch[i][1], row[1], Math.Max(1e-4, Math.Abs(batch[i][1]) * 1e-4));
            Assert.Equal(batch[i][1], streamed.Score, Math.Max(1e-4, Math.Abs(batch[i][1]) * 1e-4));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARestoredEngineContinuesBitForBitWithTheAdaptedWeights(bool carryRecurrentState)
    {
        var ml = new MLContext(seed: 1);
        using var model = Fit(ml);
        var options = new StreamingEngineOptions { CarryRecurrentState = carryRecurrentState };
        using var running = ml.AnomalyDetection.CreateStreamingEngine(model, options);

        // 390 rows: 24 updates behind, the last 6 rows after one not yet in any update.
        using var checkpoint = Streaming.StreamingModels.StreamAndCheckpoint(running, Series[..390]);
        using var restored = ml.AnomalyDetection.CreateStreamingEngine(model, options);
        restored.Restore(checkpoint);
        using var fresh = ml.AnomalyDetection.CreateStreamingEngine(model, options);

        var continued = Series[390..].Select(v => running.Predict(v)).ToArray();
        Assert.Equal(continued, Series[390..].Select(v => restored.Predict(v)).ToArray());

        // Without the checkpoint (fitted weights, no history) the same rows score differently.
        Assert.NotEqual(continued.Select(p => p.Score), Series[390..].Select(v => fresh.Predict(v).Score));
    }

    [Fact]
    public void EnginesOnOneModelAreIndependentAndTheModelIsNeverChanged()
    {
        var ml = new MLContext(seed: 1);
        using var model = Fit(ml);
        var weights = TorchWeights.ToBytes(model.Network.Network);
        using var first = ml.AnomalyDetection.CreateStreamingEngine(model);
        using var second = ml.AnomalyDetection.CreateStreamingEngine(model);
        var noise = SyntheticSeries.NoisySine(Series.Length, period: 7, amplitude: 40, seed: 3);

        // Interleaved: the second engine learns a very different series between the first engine's rows.
        var interleaved = new List<double>();
        for (var i = 0; i < Series.Length; i++)
        {
            interleaved.Add(first.Predict(Series[i]).Score);
            second.Predict(noise[i]);
        }

        using var alone = ml.AnomalyDetection.CreateStreamingEngine(model);
        Assert.Equal(interleaved, Series.Select(v => alone.Predict(v).Score));
        Assert.Equal(weights, TorchWeights.ToBytes(model.Network.Network));
    }

    [Fact]
    public void TheSettingsSurviveSaveAndLoadAndALoadedModelScoresTheSame()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        using var model = Fit(ml);
        var data = ml.ToDataView(Series);
        ml.Model.Save(model, data.Schema, folder.File("online.zip"));

        var fresh = new MLContext();
        using var loaded = (DeepDetectorTransformer)fresh.Model.Load(folder.File("online.zip"), out _);

        var online = loaded.Options.OnlineLearning;
        Assert.True(online.Enabled);
        Assert.Equal((16, 2, 32, 0.01), (online.UpdateInterval, online.StepsPerUpdate, online.RecentWindows, online.LearningRate!.Value));
        Assert.Equal(ml.Predictions(model.Transform(data)), fresh.Predictions(loaded.Transform(data)));
    }

    [Fact]
    public void ACheckpointOfALearningEngineIsRefusedByAFrozenModelsEngineAndTheOtherWayRound()
    {
        var ml = new MLContext(seed: 1);
        using var learning = Fit(ml);
        using var frozen = Fit(ml, learning: false);
        using var learningEngine = ml.AnomalyDetection.CreateStreamingEngine(learning);
        using var frozenEngine = ml.AnomalyDetection.CreateStreamingEngine(frozen);
        using var fromLearning = Streaming.StreamingModels.StreamAndCheckpoint(learningEngine, Series[..100]);
        using var fromFrozen = Streaming.StreamingModels.StreamAndCheckpoint(frozenEngine, Series[..100]);

        using var other = ml.AnomalyDetection.CreateStreamingEngine(frozen);
        var error = Assert.Throws<InvalidDataException>(() => other.Restore(fromLearning));
        Assert.Contains("another model", error.Message);
        using var otherLearning = ml.AnomalyDetection.CreateStreamingEngine(learning);
        Assert.Throws<InvalidDataException>(() => otherLearning.Restore(fromFrozen));
    }

    [Theory]
    [InlineData(0, 1, 1, "OnlineLearning.UpdateInterval")]
    [InlineData(8, 0, 1, "OnlineLearning.StepsPerUpdate")]
    [InlineData(8, 1, 0, "OnlineLearning.RecentWindows")]
    public void SettingsOutOfRangeAreRefusedByName(int interval, int steps, int windows, string parameter)
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsAny<ArgumentException>(() => DeepDetectors.Create(ml, "lstm", configure: o =>
            o.OnlineLearning = new OnlineLearningOptions { Enabled = true, UpdateInterval = interval, StepsPerUpdate = steps, RecentWindows = windows }));
        Assert.Equal(parameter, error.ParamName);
    }
}
