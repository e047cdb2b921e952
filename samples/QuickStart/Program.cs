// QuickStart: fit the LSTM detector on the start of a series, score all of it, save the model, load it back.
// Run: dotnet run --project samples/QuickStart
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly;

var ml = new MLContext(seed: 1);
var path = Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv");
IDataView data = ml.Data.LoadFromTextFile<Point>(path, hasHeader: true, separatorChar: ',');

// Fit on the first 3,000 points (summer 2014), then score the whole series in time order.
var pipeline = ml.Transforms.DetectAnomalyByLstm(outputColumnName: "Prediction", inputColumnName: "Value", windowSize: 32, epochs: 5);
ITransformer model = pipeline.Fit(ml.Data.TakeRows(data, 3000));
IDataView scored = model.Transform(data);

var top = ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false)
    .OrderByDescending(p => p.Prediction[1])
    .Take(5);
foreach (var point in top)
{
    Console.WriteLine($"{point.Timestamp}  value {point.Value,7}  score {point.Prediction[1],6:F2}  p-value {point.Prediction[2]:G3}  alert {point.Prediction[0]}");
}

// Save as an ML.NET model and load it in a fresh context: no registration call is needed.
var modelPath = Path.Combine(Path.GetTempPath(), "quickstart-lstm.zip");
ml.Model.Save(model, data.Schema, modelPath);
ITransformer loaded = new MLContext().Model.Load(modelPath, out _);
Console.WriteLine($"Saved to {modelPath} and loaded back as {loaded.GetType().Name}.");

/// <summary>One row of the CSV file.</summary>
public sealed class Point
{
    /// <summary>The timestamp column.</summary>
    [LoadColumn(0)]
    public string Timestamp { get; set; } = "";

    /// <summary>The value column.</summary>
    [LoadColumn(1)]
    public float Value { get; set; }
}

/// <summary>A scored row.</summary>
public sealed class Scored
{
    /// <summary>The timestamp.</summary>
    public string Timestamp { get; set; } = "";

    /// <summary>The value.</summary>
    public float Value { get; set; }

    /// <summary>[Alert, Score, P-Value].</summary>
    [VectorType(3)]
    public double[] Prediction { get; set; } = [];
}
