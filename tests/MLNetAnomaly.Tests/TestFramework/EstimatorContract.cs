using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>
/// The contract every detector estimator must meet, run the same way against each: schema propagation, a missing
/// or mistyped input column named in the error, save and reload giving identical predictions, and disposal.
/// </summary>
internal static class EstimatorContract
{
    /// <summary>Checks the contract for an estimator built by <paramref name="create"/> over a float column "Value".</summary>
    /// <param name="create">Builds the estimator reading the named input column and writing "Prediction".</param>
    /// <param name="train">Training values.</param>
    /// <param name="test">Values to score.</param>
    /// <param name="requiresSingle">True when the input must be a Single column (all but the adapter).</param>
    /// <param name="slots">Slots in the prediction column: 3, or 4 for a change point with ML.NET's output.</param>
    internal static void Check(Func<MLContext, string, IEstimator<ITransformer>> create, float[] train, float[] test, bool requiresSingle = true, int slots = 3)
    {
        var ml = new MLContext(seed: 1);
        var trainData = ml.ToDataView(train);
        var testData = ml.ToDataView(test);
        var estimator = create(ml, "Value");

        // Schema propagation: the estimator announces the column the transformer then produces.
        var announced = Shapes.Find(estimator.GetOutputSchema(Shapes.Of(trainData.Schema)), "Prediction");
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, announced.Kind);
        Assert.Equal(NumberDataViewType.Double, announced.ItemType);
        var transformer = estimator.Fit(trainData);
        var scored = transformer.Transform(testData);
        Assert.Equal(transformer.GetOutputSchema(testData.Schema)["Prediction"].Type, scored.Schema["Prediction"].Type);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Double, slots), scored.Schema["Prediction"].Type);
        Assert.Equal(testData.Schema["Value"].Index, scored.Schema["Value"].Index);
        var predictions = ml.Predictions(scored);
        Assert.Equal(test.Length, predictions.Length);

        // A missing or mistyped input column is named, at fit time and at transform time.
        var other = ml.Data.LoadFromEnumerable(new[] { new OtherRow { Other = 1 } });
        Assert.Contains("'Value'", Assert.ThrowsAny<ArgumentException>(() => create(ml, "Value").Fit(other)).Message);
        Assert.Contains("'Value'", Assert.ThrowsAny<ArgumentException>(() => transformer.Transform(other)).Message);
        if (requiresSingle)
        {
            var doubles = ml.Data.LoadFromEnumerable(train.Select(v => new DoubleRow { Value = v }).ToList());
            Assert.Contains("Single", Assert.ThrowsAny<ArgumentException>(() => create(ml, "Value").Fit(doubles)).Message);
        }

        // Save, reload in a fresh context, rerun: identical predictions.
        using var stream = new MemoryStream();
        ml.Model.Save(transformer, trainData.Schema, stream);
        stream.Position = 0;
        var fresh = new MLContext();
        var loaded = fresh.Model.Load(stream, out _);
        Assert.Equal(transformer.GetType(), loaded.GetType());
        Assert.Equal(predictions, fresh.Predictions(loaded.Transform(testData)));

        // A prediction engine (of the loaded model) treats each call as the next point of one series: it gives what
        // Transform gives. Disposing the engine disposes the model, as ML.NET does.
        var streamed = Streamed(fresh, loaded, test, slots);
        for (var i = 0; i < test.Length; i++)
        {
            for (var slot = 0; slot < slots; slot++)
            {
                var (batch, point) = (predictions[i][slot], streamed[i][slot]);
                Assert.True(batch.Equals(point) || Math.Abs(batch - point) <= 1e-5 * Math.Max(1, Math.Abs(batch)), $"row {i}, slot {slot}: Transform {batch:R}, PredictionEngine {point:R}");
            }
        }

        // Disposal releases the model; using it afterwards is an error, not a native crash.
        if (transformer is IDisposable disposable)
        {
            disposable.Dispose();
            disposable.Dispose();
            Assert.Throws<ObjectDisposedException>(() => transformer.Transform(testData));
            Assert.Throws<ObjectDisposedException>(() => ml.Model.Save(transformer, trainData.Schema, new MemoryStream()));
        }
    }

    /// <summary>Each point through a prediction engine of <paramref name="model"/> (which the engine disposes).</summary>
    private static double[][] Streamed(MLContext ml, ITransformer model, float[] values, int slots)
    {
        if (slots == 3)
        {
            using var engine = ml.Model.CreatePredictionEngine<ValueRow, PredictionRow>(model);
            return values.Select(v => engine.Predict(new ValueRow { Value = v }).Prediction.ToArray()).ToArray();
        }

        using var wide = ml.Model.CreatePredictionEngine<ValueRow, ChangePointPredictionRow>(model);
        return values.Select(v => wide.Predict(new ValueRow { Value = v }).Prediction.ToArray()).ToArray();
    }
}
