// Streaming: score a series one point at a time, as a service receiving metrics would, and survive a restart.
// A pipeline (a normaliser, then a GRU detector) is fitted and saved; an engine predicts each point as it arrives.
// Halfway, the "service" checkpoints its engine and stops; a new one loads the model file and the checkpoint in a
// fresh context and continues. Its predictions are compared with an engine that never stopped.
// Run: dotnet run --project samples/Streaming
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly;
using MLNetAnomaly.Streaming;

var ml = new MLContext(seed: 1);
var path = Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv");
// The first 3,000 points (two months) keep the sample quick: each is scored one call at a time, twice.
var points = ml.Data.CreateEnumerable<Point>(ml.Data.LoadFromTextFile<Point>(path, hasHeader: true, separatorChar: ','), reuseRowObject: false).Take(3000).ToList();

var pipeline = ml.Transforms.NormalizeMinMax("Value")
    .Append(ml.Transforms.DetectAnomalyByGru(new GruDetectorOptions
    {
        InputColumnName = "Value",
        OutputColumnName = "Prediction",
        WindowSize = 48,
        HiddenSize = 16,
        Layers = 1,
        Epochs = 3,
    }));
var model = pipeline.Fit(ml.Data.LoadFromEnumerable(points.Take(2000)));
var folder = Path.Combine(Path.GetTempPath(), "mlnetanomaly-streaming-sample");
Directory.CreateDirectory(folder);
var modelPath = Path.Combine(folder, "model.zip");
ml.Model.SaveDetectorModel(model, null, modelPath); // atomic: a crash mid-save leaves the previous file whole

// The reference: one engine that sees every point.
using var uninterrupted = ml.AnomalyDetection.CreateStreamingEngine<Point>(model);
var reference = points.Select(uninterrupted.Predict).ToArray();

// The service: an engine per series; each Predict is the next point. It stops halfway and writes a checkpoint.
var half = points.Count / 2;
var checkpointPath = Path.Combine(folder, "engine.ckpt");
var latencies = new List<double>();
var received = new List<AnomalyPrediction>();
using (var engine = ml.AnomalyDetection.CreateStreamingEngine<Point>(model))
{
    foreach (var point in points.Take(half))
    {
        var start = Stopwatch.GetTimestamp();
        received.Add(engine.Predict(point));
        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
    }

    engine.Checkpoint(checkpointPath); // atomic, like SaveDetectorModel
}

// After the restart: a new context loads the model file and the checkpoint, and carries on from point `half`.
var restarted = new MLContext();
var loaded = restarted.Model.Load(modelPath, out _);
using (var engine = restarted.AnomalyDetection.CreateStreamingEngine<Point>(loaded))
{
    engine.Restore(checkpointPath);

    foreach (var point in points.Skip(half))
    {
        var start = Stopwatch.GetTimestamp();
        received.Add(engine.Predict(point));
        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
    }
}

latencies.Sort();
Console.WriteLine($"Streamed {received.Count:N0} points; restarted from a {new FileInfo(checkpointPath).Length:N0}-byte checkpoint after point {half:N0}.");
Console.WriteLine($"Latency per point: p50 {latencies[latencies.Count / 2]:F0} µs, p99 {latencies[latencies.Count * 99 / 100]:F0} µs.");
foreach (var (prediction, i) in received.Select((p, i) => (p, i)).Where(x => x.p.Alert).Take(5))
{
    Console.WriteLine($"  alert at {points[i].Timestamp}: value {points[i].Value:N0}, score {prediction.Score:F2}");
}

var identical = received.SequenceEqual(reference);
Console.WriteLine(identical
    ? $"The restarted service gave identical predictions to an engine that never stopped ({received.Count(p => p.Alert)} alerts)."
    : "The restarted service's predictions differ!");
return identical ? 0 : 1;

/// <summary>One row of the CSV file.</summary>
public sealed class Point
{
    /// <summary>When the value was measured.</summary>
    [LoadColumn(0)]
    public string Timestamp { get; set; } = "";

    /// <summary>The value column.</summary>
    [LoadColumn(1)]
    public float Value { get; set; }
}
