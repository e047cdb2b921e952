using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// Points per second of the classical detectors through Transform and a cursor, on a CSV series and on a long
/// synthetic one, with the process's peak working set and the managed heap after each run: flat memory means the
/// streaming detectors do not accumulate state with the length of the series.
/// </summary>
internal static class ClassicalSpeed
{
    internal static void Run(string csvPath, int syntheticLength)
    {
        var csv = File.ReadLines(csvPath).Skip(1).Select(line => float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine($"Classical detectors: {Path.GetFileName(csvPath)} ({csv.Length:N0} points) and a synthetic sine with noise and spikes; Transform + cursor over the prediction column, median of 3 after a warm-up");
        Console.WriteLine();
        Console.WriteLine("| detector | series | points | points/s | managed heap after (MB) | peak working set (MB) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var name in DetectorRegistry.ClassicalDetectorNames)
        {
            foreach (var (label, length) in new[] { (Path.GetFileName(csvPath), csv.Length), ("synthetic", syntheticLength / 10), ("synthetic", syntheticLength) })
            {
                var ml = new MLContext(seed: 1);
                var data = label == "synthetic" ? ml.Data.LoadFromEnumerable(Synthetic(length)) : ml.Data.LoadFromEnumerable(csv.Select(v => new ValueRow { Value = v }));
                var model = DetectorRegistry.CreateEstimator(ml.Transforms, name, "Prediction", "Value").Fit(data);
                var times = new List<double>();
                for (var run = 0; run < 4; run++)
                {
                    var clock = Stopwatch.StartNew();
                    BenchmarkHelpers.ReadAll(model.Transform(data));

                    times.Add(clock.Elapsed.TotalSeconds);
                }

                var median = times.Skip(1).Order().ElementAt(1);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2:N0} | {3:N0} | {4:F0} | {5:F0} |",
                    name, label, length, length / median, GC.GetTotalMemory(true) / 1e6, Process.GetCurrentProcess().PeakWorkingSet64 / 1e6));
            }
        }

        // The batch form reads the whole column, so its memory grows with the series by design.
        foreach (var (label, length) in new[] { (Path.GetFileName(csvPath), csv.Length), ("synthetic", syntheticLength) })
        {
            var ml = new MLContext(seed: 1);
            var data = label == "synthetic" ? ml.Data.LoadFromEnumerable(Synthetic(length)) : ml.Data.LoadFromEnumerable(csv.Select(v => new ValueRow { Value = v }));
            var times = new List<double>();
            for (var run = 0; run < 4; run++)
            {
                var clock = Stopwatch.StartNew();
                BenchmarkHelpers.ReadAll(ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(data, "Batch", "Value", detectMode: SpectralResidualBatchMode.AnomalyAndMargin), "Batch");

                times.Add(clock.Elapsed.TotalSeconds);
            }

            var median = times.Skip(1).Order().ElementAt(1);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| sr-batch (with margins) | {0} | {1:N0} | {2:N0} | {3:F0} | {4:F0} |",
                label, length, length / median, GC.GetTotalMemory(true) / 1e6, Process.GetCurrentProcess().PeakWorkingSet64 / 1e6));
        }
    }

    /// <summary>A lazily generated series, so that the data itself does not fill memory.</summary>
    private static IEnumerable<ValueRow> Synthetic(int length)
    {
        var random = new Random(1);
        for (var i = 0; i < length; i++)
        {
            var value = 50 + (10 * Math.Sin(2 * Math.PI * i / 24)) + random.NextDouble() - 0.5 + (i % 5000 == 4999 ? 40 : 0);
            yield return new ValueRow { Value = (float)value };
        }
    }
}
