using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Persistence;

/// <summary>
/// Model files written by earlier builds (the fixtures) still load, in a fresh context, and give the predictions they
/// gave when written: a change to a model format, a loader or scoring that breaks saved models fails here.
/// </summary>
public sealed class ModelFixtureTests
{
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var (name, _) in ModelFixtures.All)
            {
                names.Add(name);
            }

            return names;
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FixtureLoadsAndGivesItsSavedPredictions(string name)
    {
        var folder = ModelFixtures.OutputFolder;
        var modelPath = ModelFixtures.ModelPath(folder, name);
        Assert.True(File.Exists(modelPath), $"Fixture {modelPath} is missing; write the fixtures with MLNETANOMALY_WRITE_FIXTURES=1 dotnet test --filter ModelFixtureTests.");
        var expected = ModelFixtures.ReadPredictions(ModelFixtures.PredictionsPath(folder, name));

        var ml = new MLContext();
        var model = ml.Model.LoadDetectorModel(modelPath, out var schema);
        var predictions = ml.Predictions(model.Transform(ml.ToDataView(ModelFixtures.Series)));

        Assert.Equal("Value", schema[0].Name);
        Assert.Equal(expected.Length, predictions.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            for (var slot = 0; slot < expected[i].Length; slot++)
            {
                var (want, got) = (expected[i][slot], predictions[i][slot]);
                Assert.True(want.Equals(got) || Math.Abs(want - got) <= 1e-6 * Math.Max(1, Math.Abs(want)), $"{name}, row {i}, slot {slot}: saved {want:R}, now {got:R}");
            }
        }

        (model as IDisposable)?.Dispose();
    }

    [SkippableFact]
    public void WriteFixtures()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("MLNETANOMALY_WRITE_FIXTURES") == "1", "Writes the model fixtures into the source tree; set MLNETANOMALY_WRITE_FIXTURES=1 to run it.");
        var folder = ModelFixtures.SourceFolder();
        Directory.CreateDirectory(folder);
        foreach (var (name, fit) in ModelFixtures.All)
        {
            if (File.Exists(ModelFixtures.ModelPath(folder, name)))
            {
                continue;
            }

            var ml = new MLContext(seed: 1);
            var training = ml.ToDataView(ModelFixtures.Series[..120]);
            var model = fit(ml, training);
            ml.Model.Save(model, training.Schema, ModelFixtures.ModelPath(folder, name));
            ModelFixtures.WritePredictions(ModelFixtures.PredictionsPath(folder, name), ml.Predictions(model.Transform(ml.ToDataView(ModelFixtures.Series))));
            (model as IDisposable)?.Dispose();
        }
    }
}
