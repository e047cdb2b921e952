// QuickStart, the README's library example: fit an LSTM detector on the first 3,000 points of the bundled New York
// taxi series, score every point, print the strongest anomalies, save and reload the model, then score new points
// one at a time with a streaming engine and checkpoint it.
// Run: dotnet run --project samples/QuickStart
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly;
using MLNetAnomaly.Streaming;

var ml = new MLContext(seed: 1);
var path = Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv");
IDataView data = ml.Data.LoadFromTextFile<Point>(path, hasHeader: true, separatorChar: ',');

// A small LSTM (window 32, hidden 16, one layer, 3 epochs): a few seconds on a CPU.
var pipeline = ml.Transforms.DetectAnomalyByLstm(new LstmDetectorOptions
{
    InputColumnName = "Value",
    OutputColumnName = "Prediction",
    WindowSize = 32,
    HiddenSize = 16,
    Layers = 1,
    Epochs = 3,
});
ITransformer model = pipeline.Fit(ml.Data.TakeRows(data, 3000));

// Transform scores every row in time order; Prediction is [Alert, Score, P-Value].
var scored = ml.Data.CreateEnumerable<ScoredPoint>(model.Transform(data), reuseRowObject: false).ToList();
Console.WriteLine($"{scored.Count(p => p.Prediction[0] > 0)} alerts in {scored.Count:N0} points; the strongest:");
foreach (var point in scored.OrderByDescending(p => p.Prediction[1]).Take(5))
{
    Console.WriteLine($"  {point.Timestamp}  value {point.Value,6}  score {point.Prediction[1]:F2}  p-value {point.Prediction[2]:G2}");
}

// An ML.NET model file, loaded in a fresh context with no registration call.
var modelPath = Path.Combine(Path.GetTempPath(), "quickstart-lstm.zip");
ml.Model.Save(model, data.Schema, modelPath);
ITransformer loaded = new MLContext().Model.Load(modelPath, out _);
Console.WriteLine($"Saved to {modelPath} and loaded back as {loaded.GetType().Name}.");

// A streaming engine scores points as they arrive (one engine per series) and checkpoints its state.
using var engine = ml.AnomalyDetection.CreateStreamingEngine<Point>(loaded);
foreach (var point in scored.Take(100))
{
    engine.Predict(new Point { Value = point.Value });
}

AnomalyPrediction next = engine.Predict(new Point { Value = 39_000 });
Console.WriteLine($"Streaming: 39,000 passengers after those 100 points scores {next.Score:F2} (alert: {next.Alert}).");
engine.Checkpoint(Path.Combine(Path.GetTempPath(), "quickstart-engine.ckpt")); // written atomically

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

/// <summary>A scored row: the input columns and the prediction.</summary>
public sealed class ScoredPoint
{
    /// <summary>The timestamp.</summary>
    public string Timestamp { get; set; } = "";

    /// <summary>The value.</summary>
    public float Value { get; set; }

    /// <summary>[Alert, Score, P-Value].</summary>
    [VectorType(3)]
    public double[] Prediction { get; set; } = [];
}
