using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// The streaming soak: one engine fed millions of points of a long synthetic series (a daily cycle of 288 points,
/// noise, a spike every 50,000 points), a checkpoint file written every 100,000 points through
/// <see cref="AnomalyStreamingEngine.Checkpoint(string)"/>. Prints, per million points, the latency percentiles of
/// <c>Predict</c> (p50 of the last 100,000-point block, p99 of the worst block, the maximum), the managed heap after a
/// full collection and the process's working set, so a leak or a slowdown shows as a trend; then
/// restores every checkpoint file into a fresh engine and checks that the next 1,000 predictions equal, to the bit,
/// the ones the soaked engine made after writing it.
/// </summary>
internal static class StreamingSoak
{
    private const int CheckpointEvery = 100_000;
    private const int Replayed = 1_000;
    private const int Training = 3_000;

    internal static int Run(string detector, long points, BenchmarkSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("mlnet-anomaly-soak-");
        try
        {
            return Run(detector, points, settings, folder.FullName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int Run(string detector, long points, BenchmarkSettings settings, string folder)
    {
        var ml = new MLContext(seed: settings.Seed);
        var training = ml.Data.LoadFromEnumerable(Enumerable.Range(0, Training).Select(i => new ValueRow { Value = Value(i) }));
        var deep = DetectorRegistry.DeepDetectorNames.Contains(detector);
        var estimator = deep
            ? DetectorRegistry.CreateEstimator(ml.Transforms, BenchmarkHelpers.DeepOptions(detector, settings))
            : DetectorRegistry.CreateEstimator(ml.Transforms, detector, "Prediction", "Value");
        using var model = (SequentialDetectorTransformer)estimator.Fit(training);
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model, new StreamingEngineOptions { CarryRecurrentState = deep });
        Console.WriteLine($"Streaming soak: {detector}{(engine.CarriesRecurrentState ? " (carried state)" : string.Empty)}, {points:N0} points, a checkpoint file every {CheckpointEvery:N0}; {Environment.ProcessorCount} cores, libtorch threads {TorchSharp.torch.get_num_threads()}");
        Console.WriteLine();
        Console.WriteLine("| points | points/s | p50 (µs) | p99 (µs) | max (µs) | managed heap (MB) | working set (MB) | checkpoint (KB) | checkpoint write (ms) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

        var latencies = new double[CheckpointEvery];
        var block = new List<double>();
        var maxLatency = 0.0;
        // The predictions after each checkpoint go to a file, so that the soak's own records do not grow its memory.
        var checkpoints = new List<(long Position, string Path)>();
        var recording = new AnomalyPrediction[Replayed];
        var recorded = Replayed;
        var reportEvery = Math.Max(CheckpointEvery, points / 10 / CheckpointEvery * CheckpointEvery);
        var blockClock = Stopwatch.StartNew();
        var writeTimes = new List<double>();
        var firstP99 = double.NaN;
        var lastP99 = double.NaN;
        var firstWorkingSet = 0.0;
        var lastWorkingSet = 0.0;
        for (long i = 0; i < points; i++)
        {
            var value = Value(Training + i);
            var start = Stopwatch.GetTimestamp();
            var prediction = engine.Predict(value);
            latencies[i % CheckpointEvery] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (recorded < Replayed)
            {
                recording[recorded++] = prediction;
                if (recorded == Replayed)
                {
                    WritePredictions(checkpoints[^1].Path + ".next", recording);
                }
            }

            if ((i + 1) % CheckpointEvery != 0)
            {
                continue;
            }

            var path = Path.Combine(folder, $"checkpoint-{i + 1}.bin");
            var clock = Stopwatch.StartNew();
            engine.Checkpoint(path);
            writeTimes.Add(clock.Elapsed.TotalMilliseconds);
            recorded = 0;
            checkpoints.Add((i + 1, path));
            Array.Sort(latencies);
            block.Add(Percentile(latencies, 0.99));
            maxLatency = Math.Max(maxLatency, latencies[^1]);
            if ((i + 1) % reportEvery == 0 || i + 1 == points)
            {
                var heap = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
                using var process = Process.GetCurrentProcess();
                var workingSet = process.WorkingSet64 / 1048576.0;
                var p99 = block.Max();
                if (double.IsNaN(firstP99))
                {
                    (firstP99, firstWorkingSet) = (p99, workingSet);
                }

                (lastP99, lastWorkingSet) = (p99, workingSet);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1:N0} | {2:F0} | {3:F0} | {4:F0} | {5:F1} | {6:F0} | {7:F1} | {8:F2} |",
                    i + 1, block.Count * CheckpointEvery / blockClock.Elapsed.TotalSeconds, Percentile(latencies, 0.50), p99, maxLatency, heap, workingSet,
                    new FileInfo(path).Length / 1024.0, writeTimes.Average()));
                block.Clear();
                writeTimes.Clear();
                maxLatency = 0;
                blockClock.Restart();
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "p99 (worst 100,000-point block of the report): first {0:F0} µs, last {1:F0} µs; working set: first {2:F0} MB, last {3:F0} MB.", firstP99, lastP99, firstWorkingSet, lastWorkingSet));

        // Every checkpoint file, restored into a fresh engine, continues exactly.
        var exact = 0;
        var complete = checkpoints.Where(c => c.Position + Replayed <= points).ToList();
        foreach (var (position, path) in complete)
        {
            var next = ReadPredictions(path + ".next");
            using var restored = ml.AnomalyDetection.CreateStreamingEngine(model, new StreamingEngineOptions { CarryRecurrentState = deep });
            restored.Restore(path);
            var same = restored.Position == position;
            for (var k = 0; k < Replayed && same; k++)
            {
                same = Same(restored.Predict(Value(Training + position + k)), next[k]);
            }

            exact += same ? 1 : 0;
            if (!same)
            {
                Console.WriteLine($"The checkpoint at {position:N0} points did not continue exactly.");
            }
        }

        Console.WriteLine($"Restores: {exact} of {complete.Count} checkpoint files continue exactly for the next {Replayed:N0} predictions.");
        return exact == complete.Count ? 0 : 1;
    }

    /// <summary>Point <paramref name="i"/> of the soak's series, computed from its index alone so any stretch can be replayed.</summary>
    private static float Value(long i)
    {
        var noise = (Hash(i) >> 11) * (1.0 / (1UL << 53)) - 0.5;
        var spike = Hash(i / 50_000 + 1_000_003) % 50_000 == (ulong)(i % 50_000) ? 15.0 : 0.0;
        return (float)(50 + 10 * Math.Sin(2 * Math.PI * i / 288.0) + noise + spike);
    }

    // SplitMix64's finaliser: a well-mixed 64-bit hash of the index.
    private static ulong Hash(long index)
    {
        var z = (ulong)index + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static void WritePredictions(string path, AnomalyPrediction[] predictions)
    {
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var p in predictions)
        {
            writer.Write(p.Alert);
            foreach (var value in new[] { p.Score, p.PValue, p.Magnitude, p.ExpectedValue, p.Martingale })
            {
                writer.Write(value);
            }
        }
    }

    private static AnomalyPrediction[] ReadPredictions(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var predictions = new AnomalyPrediction[Replayed];
        for (var k = 0; k < Replayed; k++)
        {
            var alert = reader.ReadBoolean();
            predictions[k] = new AnomalyPrediction(alert, reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble()) { Martingale = reader.ReadDouble() };
        }

        return predictions;
    }

    private static bool Same(AnomalyPrediction a, AnomalyPrediction b)
        => a.Alert == b.Alert && Bits(a.Score) == Bits(b.Score) && Bits(a.PValue) == Bits(b.PValue)
            && Bits(a.Magnitude) == Bits(b.Magnitude) && Bits(a.ExpectedValue) == Bits(b.ExpectedValue) && Bits(a.Martingale) == Bits(b.Martingale);

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    private static double Percentile(double[] sorted, double level) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(level * sorted.Length))];
}
