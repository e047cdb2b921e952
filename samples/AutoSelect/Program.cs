// AutoSelect: let detector selection choose a detector and its settings for a series, without labels.
// Run: dotnet run --project samples/AutoSelect
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly;
using MLNetAnomaly.Selection;

var ml = new MLContext(seed: 1);
var path = Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv");
IDataView data = ml.Data.LoadFromTextFile<Point>(path, hasHeader: true, separatorChar: ',');

var selection = ml.AnomalyDetection.CreateDetectorSelection(new DetectorSelectionOptions
{
    InputColumnName = "Value",
    MaxTrials = 5,                                             // or MaxTime = TimeSpan.FromMinutes(1)
    Detectors = new[] { "iid-spike", "sr", "autoencoder" },    // null: every detector
});
var progress = new Progress<TrialResult>(trial => Console.WriteLine($"  trial {trial}"));
var result = selection.Run(ml.Data.TakeRows(data, 2000), progress);

Console.WriteLine($"Chosen: {result.Best.Detector} ({result.Best.Settings})");
var alerts = ml.Data.CreateEnumerable<Scored>(result.BestModel.Transform(data), reuseRowObject: false).Count(p => p.Prediction[0] > 0);
Console.WriteLine($"{alerts} alerts over the whole series.");

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
    /// <summary>[Alert, Score, third slot].</summary>
    [VectorType(3)]
    public double[] Prediction { get; set; } = [];
}
