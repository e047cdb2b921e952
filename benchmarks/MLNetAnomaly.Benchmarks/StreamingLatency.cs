using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// Per-point latency of the streaming engine: every detector is fitted on the first 30% of a series (deep ones at the
/// benchmark sizes), then an engine predicts the whole series one point per call, each call timed on its own. Prints
/// points/s, p50, p99 and max latency per point, and the size and write/restore time of a checkpoint.
/// The recurrent forecasters run twice: recomputing the window for each point, and carrying their recurrent state.
/// With <c>learning</c>, only the deep detectors run, learning while scoring at the library's default schedule
/// (<see cref="OnlineLearningOptions"/>), and the table adds "Transform" (the whole series in one call) for scale.
/// </summary>
internal static class StreamingLatency
{
    internal static void Run(string csvPath, BenchmarkSettings settings, bool learning = false)
    {
        var values = File.ReadLines(csvPath).Skip(1).Select(line => float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        var training = values.Length * 3 / 10;
        Console.WriteLine($"Streaming engine on {Path.GetFileName(csvPath)} ({values.Length:N0} points; fitted on the first {training:N0}); deep detectors: window {settings.WindowSize}, hidden {settings.HiddenSize}, {settings.Layers} layers, {settings.Epochs} epochs; {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| detector | mode | points/s | p50 (µs) | p99 (µs) | max (µs) | checkpoint (KB) | checkpoint + restore (ms) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var name in learning ? DetectorRegistry.DeepDetectorNames : DetectorRegistry.AllDetectorNames)
        {
            var ml = new MLContext(seed: settings.Seed);
            var data = ml.Data.LoadFromEnumerable(values[..training].Select(v => new ValueRow { Value = v }));
            IEstimator<ITransformer> estimator;
            if (DetectorRegistry.DeepDetectorNames.Contains(name))
            {
                var options = BenchmarkHelpers.DeepOptions(name, settings);
                options.OnlineLearning.Enabled = learning;
                estimator = DetectorRegistry.CreateEstimator(ml.Transforms, options);
            }
            else
            {
                estimator = DetectorRegistry.CreateEstimator(ml.Transforms, name, "Prediction", "Value");
            }

            using var model = (SequentialDetectorTransformer)estimator.Fit(data);
            if (learning)
            {
                var clock = Stopwatch.StartNew();
                BenchmarkHelpers.ReadAll(model.Transform(ml.Data.LoadFromEnumerable(values.Select(v => new ValueRow { Value = v }))));
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | Transform, learning | {1:N0} | | | | | |", name, values.Length / clock.Elapsed.TotalSeconds));
            }

            foreach (var carry in new[] { false, true })
            {
                using var engine = ml.AnomalyDetection.CreateStreamingEngine(model, new StreamingEngineOptions { CarryRecurrentState = carry });
                if (carry && !engine.CarriesRecurrentState)
                {
                    continue;
                }

                var mode = (carry ? "carried state" : DetectorRegistry.DeepDetectorNames.Contains(name) ? "window" : "per point") + (learning ? ", learning" : string.Empty);
                Measure(name, mode, engine, values);
            }
        }
    }

    private static void Measure(string name, string mode, AnomalyStreamingEngine engine, float[] values)
    {
        // A warm-up pass (JIT, libtorch's first calls), then the timed pass on a fresh series.
        foreach (var value in values.Take(2_000))
        {
            engine.Predict(value);
        }

        engine.Reset();
        var latencies = new double[values.Length];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < values.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            engine.Predict(values[i]);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var seconds = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        // The first checkpoint of a model also fingerprints the model (once per model); time the steady state.
        engine.Checkpoint(Stream.Null);
        var clock = Stopwatch.StartNew();
        using var checkpoint = new MemoryStream();
        engine.Checkpoint(checkpoint);
        checkpoint.Position = 0;
        engine.Restore(checkpoint);
        var checkpointTime = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2:N0} | {3:F0} | {4:F0} | {5:F0} | {6:F1} | {7:F2} |",
            name, mode, values.Length / seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1], checkpoint.Length / 1024.0, checkpointTime));
    }

    private static double Percentile(double[] sorted, double level) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(level * sorted.Length))];
}
