using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Streaming;

public sealed class MultivariateStreamingTests
{
    /// <summary>Two related channels.</summary>
    private static SensorRow[] Rows(int length)
    {
        var a = SyntheticSeries.NoisySine(length, seed: 1);
        return Enumerable.Range(0, length).Select(i => new SensorRow { Sensors = new[] { a[i], a[i] - 20 } }).ToArray();
    }

    [Fact]
    public void AVectorColumnStreamsThroughTheRowEngineLikeTransformWithExpectedValuesPerChannel()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(360);
        using var model = (SequentialDetectorTransformer)DeepDetectors.Create(ml, "gru", input: "Sensors", epochs: 4).Fit(ml.Data.LoadFromEnumerable(rows[..250]));
        var batch = ml.Predictions(model.Transform(ml.Data.LoadFromEnumerable(rows)));

        using var rowEngine = ml.AnomalyDetection.CreateStreamingEngine<SensorRow>(model);
        using var valueEngine = ml.AnomalyDetection.CreateStreamingEngine(model);
        var expected = new float[2];
        for (var i = 0; i < rows.Length; i++)
        {
            var byRow = rowEngine.Predict(rows[i]);
            var byValues = valueEngine.Predict(rows[i].Sensors, expected);
            Assert.Equal(batch[i][1], byRow.Score, 1e-4);
            Assert.Equal(byRow, byValues);
            Assert.True(double.IsNaN(byRow.ExpectedValue));
            Assert.True(i < 12 ? expected.All(float.IsNaN) : expected.All(float.IsFinite));
        }

        Assert.Throws<ArgumentException>(() => valueEngine.Predict(new float[] { 1, 2 }, new float[3]));
    }

    /// <summary>A row of two sensors.</summary>
    public sealed class SensorRow
    {
        /// <summary>The sensor values.</summary>
        [VectorType(2)]
        public float[] Sensors { get; set; } = Array.Empty<float>();
    }
}
