// CompareWithBuiltIns: our managed versions of ML.NET's IID spike and SR detectors (with ML.NET's own output, and with
// their raw scores sent through the library's post-processing chain) next to SR-CNN and a deep detector, on one
// labelled synthetic series, with the same metrics for all.
// Run: dotnet run --project samples/CompareWithBuiltIns
using Microsoft.ML;
using MLNetAnomaly;

var ml = new MLContext(seed: 1);

// A daily cycle (period 24) with noise; ten anomalies after row 800: five spikes and five in-range jumps.
var random = new Random(3);
var rows = Enumerable.Range(0, 2000).Select(i =>
{
    var value = 50 + (10 * Math.Sin(2 * Math.PI * i / 24)) + (random.NextDouble() - 0.5);
    var spike = i > 800 && i % 200 == 0;
    var jump = i > 800 && i % 200 == 100;
    return new Row { Value = (float)(value + (spike ? 30 : 0) + (jump ? 8 : 0)), Label = spike || jump };
}).ToList();
var data = ml.Data.LoadFromEnumerable(rows);
var training = ml.Data.TakeRows(data, 800);

var detectors = new (string Name, IEstimator<ITransformer> Estimator)[]
{
    ("IID spike (managed DetectIidSpike)", ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value")),
    ("Spectral residual (managed DetectAnomalyBySrCnn)", ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", "Value")),
    ("IID spike, post-processing chain", ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", PostProcessing = new() })),
    ("Spectral residual, post-processing chain", ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", PostProcessing = new() })),
    // The chain's default likelihood averages 10 raw scores, which suits lasting anomalies (NAB) and dilutes isolated
    // spikes like these; averaging 1 judges each row on its own (docs/detectors.md).
    ("Spectral residual, chain, LikelihoodAveraging = 1", ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", PostProcessing = new() { LikelihoodAveraging = 1 } })),
    ("SR-CNN (shipped network)", ml.Transforms.DetectAnomalyBySpectralResidualCnn("Prediction", "Value")),
    ("LSTM forecaster", ml.Transforms.DetectAnomalyByLstm("Prediction", "Value", windowSize: 24, hiddenSize: 16, layers: 1, epochs: 10)),
};

Console.WriteLine($"{"detector",-52} {"event F1",9} {"AUC-PR",7} {"VUS-PR",7}");
foreach (var (name, estimator) in detectors)
{
    var scored = estimator.Fit(training).Transform(data);
    var report = ml.AnomalyDetection.EvaluateDetector(scored, labelColumnName: "Label");
    Console.WriteLine($"{name,-52} {report.EventF1,9:F3} {report.AucPr,7:F3} {report.VusPr,7:F3}");
}

/// <summary>One labelled point.</summary>
public sealed class Row
{
    /// <summary>The value.</summary>
    public float Value { get; set; }

    /// <summary>True at an anomaly.</summary>
    public bool Label { get; set; }
}
