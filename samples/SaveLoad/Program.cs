// SaveLoad: a pipeline ending in a detector, saved with mlContext.Model.Save and loaded in a new context (as a new
// process would) with no registration call; the loaded model gives the same predictions.
// Run: dotnet run --project samples/SaveLoad
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly;

var ml = new MLContext(seed: 1);
var path = Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv");
IDataView data = ml.Data.LoadFromTextFile<Point>(path, hasHeader: true, separatorChar: ',');

// Any ML.NET transforms may come first; here the values are rescaled before the detector sees them.
var pipeline = ml.Transforms.NormalizeMinMax("Value")
    .Append(ml.Transforms.DetectAnomalyByGru(new GruDetectorOptions
    {
        InputColumnName = "Value",
        OutputColumnName = "Prediction",
        ExpectedValueColumnName = "Expected",
        WindowSize = 48,
        HiddenSize = 16,
        Layers = 1,
        Epochs = 3,
    }));
var model = pipeline.Fit(ml.Data.TakeRows(data, 2000));
var modelPath = Path.Combine(Path.GetTempPath(), "saveload-gru.zip");
ml.Model.Save(model, data.Schema, modelPath);

var fresh = new MLContext();
var loaded = fresh.Model.Load(modelPath, out var inputSchema);
var before = ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).Select(p => p.Prediction[1]).ToArray();
var after = fresh.Data.CreateEnumerable<Scored>(loaded.Transform(data), reuseRowObject: false).Select(p => p.Prediction[1]).ToArray();
Console.WriteLine($"Saved to {modelPath} ({new FileInfo(modelPath).Length:N0} bytes); input column '{inputSchema[0].Name}'.");
Console.WriteLine(before.SequenceEqual(after) ? $"The loaded model gives identical scores on all {after.Length:N0} rows." : "The loaded model's scores differ!");
return before.SequenceEqual(after) ? 0 : 1;

/// <summary>One row of the CSV file.</summary>
public sealed class Point
{
    /// <summary>The value column.</summary>
    [LoadColumn(1)]
    public float Value { get; set; }
}

/// <summary>A scored row.</summary>
public sealed class Scored
{
    /// <summary>[Alert, Score, P-Value].</summary>
    [VectorType(3)]
    public double[] Prediction { get; set; } = [];
}
