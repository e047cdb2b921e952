using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// Where the library's scoring time goes, for one fitted detector: a full ML.NET cursor over Transform's prediction
/// column, the detector session alone (network, calibration and alert rule, no ML.NET), and a bare cursor over the
/// input column (what ML.NET costs to read the data). Medians of several passes.
/// </summary>
internal static class ScoringBreakdown
{
    internal static void Run(string csvPath, IReadOnlyList<string> detectors, BenchmarkSettings settings)
    {
        var values = File.ReadLines(csvPath).Skip(1).Select(line => float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine($"Scoring breakdown on {Path.GetFileName(csvPath)} ({values.Length:N0} points), medians of {settings.Repeats} passes, microseconds per point");
        Console.WriteLine();
        Console.WriteLine("| detector | calibration, threshold | Transform + cursor | session only | the same network in a bare loop | reading the input column |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var (name, calibration, threshold) in detectors.SelectMany(d => new[]
        {
            (d, ScoreCalibration.Likelihood, AlertThreshold.Spot),
            (d, ScoreCalibration.Adaptive, AlertThreshold.Spot),
            (d, ScoreCalibration.Static, AlertThreshold.PValue),
        }))
        {
            var ml = new MLContext(seed: settings.Seed);
            var data = ml.Data.LoadFromEnumerable(values.Select(v => new ValueRow { Value = v }).ToList());
            var options = BenchmarkHelpers.DeepOptions(name, settings);
            options.PostProcessing.Calibration = calibration;
            options.PostProcessing.Threshold = threshold;
            using var model = (DeepDetectorTransformer)DetectorRegistry.CreateEstimator(ml.Transforms, options).Fit(data);
            var full = Median(settings.Repeats, () => BenchmarkHelpers.ReadAll(model.Transform(data)));
            var outputs = new DetectorOutput[values.Length];
            var session = Median(settings.Repeats, () =>
            {
                using var s = model.Detector.CreateSession(ScoringMode.Batch);
                s.Score(values, outputs, Span<float>.Empty);
            });
            var window = (MLNetAnomaly.Torch.Detection.TorchWindowDetector)((MLNetAnomaly.Core.PostProcessing.PostProcessedDetector)model.Detector).Raw;
            var network = Median(settings.Repeats, () => BareTorchSharpLoop.Infer(window.Network, window.Scaler.Apply(values), settings));
            var reading = Median(settings.Repeats, () =>
            {
                using var cursor = data.GetRowCursor(data.Schema);
                var getter = cursor.GetGetter<float>(data.Schema["Value"]);
                var value = 0f;
                while (cursor.MoveNext())
                {
                    getter(ref value);
                }
            });
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1}, {2} | {3:F2} | {4:F2} | {5:F2} | {6:F2} |", name, calibration, threshold,
                full.TotalMilliseconds * 1000 / values.Length, session.TotalMilliseconds * 1000 / values.Length, network.TotalMilliseconds * 1000 / values.Length, reading.TotalMilliseconds * 1000 / values.Length));
        }
    }

    private static TimeSpan Median(int repeats, Action run)
    {
        run();
        var times = Enumerable.Range(0, repeats).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            run();
            return clock.Elapsed;
        }).Order().ToList();
        return times[times.Count / 2];
    }
}
