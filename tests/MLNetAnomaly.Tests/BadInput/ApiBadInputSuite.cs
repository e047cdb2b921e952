using Microsoft.ML;
using MLNetAnomaly.Streaming;
using MLNetAnomaly.Tests.Streaming;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.BadInput;

/// <summary>
/// The library's bad-input suite (issue 16): options out of range, columns missing or of the wrong type, series the
/// detectors cannot learn from, damaged or misplaced files. Each case must throw the documented exception type with a
/// message naming the input (the option, the column, the file) and the problem; none may crash natively, hang, or
/// return a silent wrong answer. The CLI's suite is <see cref="CliBadInputSuite"/>.
/// </summary>
public sealed class ApiBadInputSuite
{
    private static readonly MLContext Ml = new(seed: 1);

    private static readonly float[] Series = StreamingModels.Series[..300];

    private static readonly Dictionary<string, (Type Expected, Func<object?> Act, string[] Says)> Cases = new()
    {
        // Options out of range: refused by name when the estimator is made.
        ["lstm: window 0"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.WindowSize = 0), new[] { "WindowSize" }),
        ["lstm: window int.MaxValue"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.WindowSize = int.MaxValue), new[] { "WindowSize", "1,000,000" }),
        ["lstm: hidden size 0"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.HiddenSize = 0), new[] { "HiddenSize" }),
        ["lstm: no layer"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.Layers = 0), new[] { "Layers" }),
        ["lstm: no epoch"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.Epochs = 0), new[] { "Epochs" }),
        ["lstm: learning rate NaN"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.LearningRate = double.NaN), new[] { "LearningRate" }),
        ["lstm: batch size 0"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.BatchSize = 0), new[] { "BatchSize" }),
        ["lstm: no input column name"] = (typeof(ArgumentException), () => Lstm(o => o.InputColumnName = ""), new[] { "InputColumnName" }),
        ["chain: confidence 100"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.PostProcessing.Confidence = 100), new[] { "Confidence" }),
        ["chain: contamination 1"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.PostProcessing.ContaminationRate = 1), new[] { "ContaminationRate" }),
        ["chain: SPOT risk 0"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.PostProcessing.SpotRisk = 0), new[] { "SpotRisk" }),
        ["chain: likelihood history 0"] = (typeof(ArgumentOutOfRangeException), () => Lstm(o => o.PostProcessing.LikelihoodHistory = 0), new[] { "LikelihoodHistory" }),
        ["iid spike: confidence 101"] = (typeof(ArgumentOutOfRangeException), () => Ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { InputColumnName = "Value", OutputColumnName = "P", Confidence = 101 }), new[] { "Confidence" }),
        ["iid spike: p-value history 0"] = (typeof(ArgumentOutOfRangeException), () => Ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { InputColumnName = "Value", OutputColumnName = "P", PValueHistoryLength = 0 }), new[] { "PValueHistoryLength" }),
        ["sr: threshold 2"] = (typeof(ArgumentOutOfRangeException), () => Ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { InputColumnName = "Value", OutputColumnName = "P", Threshold = 2 }), new[] { "Threshold" }),
        ["ssa: seasonality window above the training window"] = (typeof(ArgumentOutOfRangeException), () => Ml.Transforms.DetectAnomalyBySsaSpike(new SsaSpikeDetectorOptions { InputColumnName = "Value", OutputColumnName = "P", TrainingWindowSize = 20, SeasonalityWindowSize = 30 }), new[] { "SeasonalityWindowSize" }),

        // Data the detectors cannot learn from: refused at Fit, naming the column.
        ["fit: a missing input column"] = (typeof(ArgumentOutOfRangeException), () => Ml.Transforms.DetectAnomalyByIidSpike("P", "Nope").Fit(Ml.ToDataView(Series)), new[] { "Nope" }),
        ["fit: a text input column"] = (typeof(ArgumentOutOfRangeException), () => Ml.Transforms.DetectAnomalyByIidSpike("P", "Value").Fit(Ml.Data.LoadFromEnumerable(new[] { new TextRow { Value = "1" } })), new[] { "Value", "String" }),
        ["fit: no rows"] = (typeof(ArgumentException), () => Lstm(o => { }).Fit(Ml.ToDataView(Array.Empty<float>())), new[] { "'Value'", "empty" }),
        ["fit: fewer rows than the window needs"] = (typeof(ArgumentException), () => Lstm(o => o.WindowSize = 12).Fit(Ml.ToDataView(new float[12])), new[] { "at least 13 are needed" }),
        ["fit: no finite value"] = (typeof(ArgumentException), () => Lstm(o => { }).Fit(Ml.ToDataView(Enumerable.Repeat(float.NaN, 60).ToArray())), new[] { "'Value'", "no finite value" }),
        ["sr entire: a non-finite value"] = (typeof(ArgumentException), () => SrEntire(float.PositiveInfinity), new[] { "row 37" }),

        // Files: missing, damaged, misplaced.
        ["model: a missing file"] = (typeof(FileNotFoundException), () => Ml.Model.LoadDetectorModel(Missing("model.zip"), out _), new[] { "model.zip", "was not found" }),
        ["model: a file that is no model"] = (typeof(InvalidDataException), () => Ml.Model.LoadDetectorModel(Garbage("model.zip"), out _), new[] { "model.zip", "is damaged" }),
        ["model: saved to a folder"] = (typeof(ArgumentException), () => { Ml.Model.SaveDetectorModel(Fitted(), Ml.ToDataView(Series).Schema, Path.GetTempPath()); return null; }, new[] { "is a folder" }),
        ["checkpoint: a stream that is no checkpoint"] = (typeof(InvalidDataException), () => { using var engine = Engine(); engine.Restore(new MemoryStream(new byte[] { 1, 2, 3, 4, 5 })); return null; }, new[] { "checkpoint" }),
        ["checkpoint: a missing file"] = (typeof(FileNotFoundException), () => { using var engine = Engine(); engine.Restore(Missing("state.ckpt")); return null; }, new[] { "state.ckpt", "was not found" }),
        ["checkpoint: a file that is no checkpoint"] = (typeof(InvalidDataException), () => { using var engine = Engine(); engine.Restore(Garbage("state.ckpt")); return null; }, new[] { "state.ckpt" }),
        ["checkpoint: written to a folder"] = (typeof(ArgumentException), () => { using var engine = Engine(); engine.Checkpoint(Path.GetTempPath()); return null; }, new[] { "is a folder" }),
        ["engine: used after disposal"] = (typeof(ObjectDisposedException), () => { var engine = Engine(); engine.Dispose(); return engine.Predict(1); }, new[] { "Engine" }),
    };

    /// <summary>The case names, for the theory.</summary>
    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void BadInputThrowsTheDocumentedExceptionNamingTheInput(string name)
    {
        var (expected, act, says) = Cases[name];

        var error = Assert.ThrowsAny<Exception>(() => act());

        Assert.True(expected.IsInstanceOfType(error), $"{name}: {error.GetType().Name} instead of {expected.Name}: {error.Message}");
        Assert.All(says, text => Assert.True(error.Message.Contains(text, StringComparison.Ordinal), $"{name}: the message does not say \"{text}\": {error.Message}"));
    }

    private static IEstimator<ITransformer> Lstm(Action<LstmDetectorOptions> change)
    {
        var options = TinyLstm.Options();
        change(options);
        return Ml.Transforms.DetectAnomalyByLstm(options);
    }

    private static object SrEntire(float bad)
    {
        var values = SyntheticSeries.NoisySine(100);
        values[37] = bad;
        return Ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(Ml.ToDataView(values), "P", "Value");
    }

    private static ITransformer Fitted() => StreamingModels.Fit(Ml, "iid-spike");

    private static AnomalyStreamingEngine Engine() => Ml.AnomalyDetection.CreateStreamingEngine(StreamingModels.Fit(Ml, "iid-spike"));

    private static string Missing(string name) => Path.Combine(Path.GetTempPath(), "mlnetanomaly-missing-" + Guid.NewGuid().ToString("N"), name);

    private static string Garbage(string name)
    {
        // One fixed folder, overwritten on every run, so the suite leaves nothing new behind.
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mlnetanomaly-bad-input-suite")).FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, new byte[] { 0x50, 0x4B, 0x03, 0x04, 9, 9, 9, 9, 9, 9, 9 });
        return path;
    }

    private sealed class TextRow
    {
        public string Value { get; set; } = string.Empty;
    }
}
