using System.IO.Compression;
using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Persistence;

/// <summary>
/// IID spike and SR models saved before their parity with ML.NET keep what they were: they score by their rule, save
/// again byte for byte as they were (so checkpoints of their streaming engines still restore), and refitting their
/// options gives ML.NET's rule.
/// </summary>
public sealed class LegacyBuiltInTests
{
    public static TheoryData<string> Legacy => new() { "iid-spike.0x00020001", "iid-spike-chain.0x00020001", "sr.0x00020001" };

    [Theory]
    [MemberData(nameof(Legacy))]
    public void ALegacyModelSavesAgainAsItWasAndItsCheckpointsStillRestore(string name)
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext();
        var original = ModelFixtures.ModelPath(ModelFixtures.OutputFolder, name);
        var model = ml.Model.LoadDetectorModel(original, out var schema);
        var again = folder.File("again.zip");
        ml.Model.Save(model, schema, again);

        Assert.Equal(Entries(original), Entries(again));

        var reloaded = ml.Model.LoadDetectorModel(again, out _);
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);
        using var checkpoint = Streaming.StreamingModels.StreamAndCheckpoint(engine, ModelFixtures.Series[..100]);
        using var restored = ml.AnomalyDetection.CreateStreamingEngine(reloaded);
        restored.Restore(checkpoint);
        Assert.Equal(ModelFixtures.Series[100..].Select(v => engine.Predict(v)), ModelFixtures.Series[100..].Select(v => restored.Predict(v)));
    }

    [Fact]
    public void RefittingALegacySpectralResidualModelsOptionsGivesMLNetsRule()
    {
        var ml = new MLContext();
        var legacy = (SpectralResidualDetectorTransformer)ml.Model.LoadDetectorModel(ModelFixtures.ModelPath(ModelFixtures.OutputFolder, "sr.0x00020001"), out _);
        var data = ml.ToDataView(ModelFixtures.Series);

        var refitted = ml.Transforms.DetectAnomalyBySpectralResidual(legacy.Options).Fit(data);
        var current = ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", "Value", windowSize: 24, judgementWindowSize: 11).Fit(data);

        Assert.Equal(ml.Predictions(current.Transform(data)), ml.Predictions(refitted.Transform(data)));
        Assert.NotEqual(ml.Predictions(legacy.Transform(data)), ml.Predictions(refitted.Transform(data)));
    }

    private static Dictionary<string, string> Entries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return Convert.ToBase64String(memory.ToArray());
        });
    }
}
