using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Deep;

public sealed class MultivariateTests
{
    private sealed class SensorRow
    {
        [VectorType(3)]
        public float[] Sensors { get; set; } = Array.Empty<float>();
    }

    private sealed class WideRow
    {
        [VectorType(4)]
        public float[] Sensors { get; set; } = Array.Empty<float>();
    }

    /// <summary>Three related channels; <paramref name="breakAt"/> rows get a third channel out of step with the others.</summary>
    private static SensorRow[] Rows(int length, params int[] breakAt)
    {
        var a = SyntheticSeries.NoisySine(length, seed: 1);
        var b = SyntheticSeries.NoisySine(length, seed: 2);
        return Enumerable.Range(0, length).Select(i => new SensorRow
        {
            Sensors = new[] { a[i], (b[i] * 0.5f) + 10, breakAt.Contains(i) ? 100 - a[i] : a[i] - 20 },
        }).ToArray();
    }

    [Theory]
    [MemberData(nameof(DeepDetectors.Names), MemberType = typeof(DeepDetectors))]
    public void VectorColumnsAreModelledTogetherAndABrokenRelationIsFlagged(string detector)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(600));
        var model = (DeepDetectorTransformer)DeepDetectors.Create(ml, detector, input: "Sensors", epochs: 15).Fit(train);
        var scores = ml.Predictions(model.Transform(ml.Data.LoadFromEnumerable(Rows(800, 700)))).Scores();

        Assert.Equal(3, model.Dimensions);
        var clean = scores[620..690].Max();
        Assert.True(scores[700] > clean, $"{detector}: score {scores[700]:F2} at the break, clean maximum {clean:F2}");
        model.Dispose();
    }

    [Fact]
    public void AVectorOfTheWrongSizeIsAClearError()
    {
        var ml = new MLContext(seed: 1);
        using var model = (DeepDetectorTransformer)DeepDetectors.Create(ml, "lstm", input: "Sensors", epochs: 1).Fit(ml.Data.LoadFromEnumerable(Rows(100)));
        var wide = ml.Data.LoadFromEnumerable(new[] { new WideRow { Sensors = new float[4] } });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.Transform(wide));
        Assert.Contains("'Sensors' has 4 value(s) per row, but the detector was fitted on 3", error.Message);
    }

    [Fact]
    public void SavedMultivariateModelReloadsIdentically()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(300, 250));
        using var model = (DeepDetectorTransformer)DeepDetectors.Create(ml, "cnn", input: "Sensors", epochs: 2).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;

        var loaded = new MLContext().Model.Load(stream, out _);

        Assert.Equal(ml.Predictions(model.Transform(data)), ml.Predictions(loaded.Transform(data)));
        ((IDisposable)loaded).Dispose();
    }
}
