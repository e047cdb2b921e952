using MLNetAnomaly.ML.Detectors;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Torch.Networks;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// Fit and Transform throughput of deep detectors on one series, each next to the same network trained and run by
/// a bare TorchSharp loop in the same process: medians of several runs after a warm-up.
/// </summary>
internal static class SpeedBenchmark
{
    internal static void Run(string csvPath, IReadOnlyList<string> detectors, BenchmarkSettings settings)
    {
        var values = File.ReadLines(csvPath).Skip(1).Select(line => float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine($"Speed on {Path.GetFileName(csvPath)}: {values.Length:N0} points, window {settings.WindowSize}, hidden {settings.HiddenSize}, {settings.Layers} layers, batch {settings.BatchSize}, {settings.Epochs} epochs, inference batch {settings.InferenceBatchSize}; median of {settings.Repeats} runs each, library and bare alternating, after a warm-up");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, TorchSharp threads {TorchSharp.torch.get_num_threads()}");
        Console.WriteLine();
        Console.WriteLine("| detector | library Fit (s) | of which epochs (s) | bare training (s) | windows/s per epoch: library epochs / bare | epoch ratio | whole-Fit ratio | library scoring points/s | bare inference on the same network, points/s | scoring ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in detectors)
        {
            var kind = DetectorKinds.Find(name);
            var windows = values.Length - settings.WindowSize;
            var (library, bare) = Interleaved(settings, () => Library(values, name, settings), () => BareTorchSharpLoop.Run(values, kind, settings));
            var bareInference = library.BareInference;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F2} | {2:F2} | {3:F2} | {4:N0} / {5:N0} | {6:F2} | {7:F2} | {8:N0} | {9:N0} | {10:F2} |",
                name, library.Fit.TotalSeconds, library.Epochs.TotalSeconds, bare.TotalSeconds,
                windows * settings.Epochs / library.Epochs.TotalSeconds, windows * settings.Epochs / bare.TotalSeconds,
                bare.TotalSeconds / library.Epochs.TotalSeconds, bare.TotalSeconds / library.Fit.TotalSeconds,
                values.Length / library.Inference.TotalSeconds, values.Length / bareInference.TotalSeconds,
                bareInference.TotalSeconds / library.Inference.TotalSeconds));
        }
    }

    private static (TimeSpan Fit, TimeSpan Epochs, TimeSpan Inference, TimeSpan BareInference) Library(float[] values, string name, BenchmarkSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var data = ml.Data.LoadFromEnumerable(values.Select(v => new ValueRow { Value = v }).ToList());
        var options = BenchmarkHelpers.DeepOptions(name, settings);
        var clock = Stopwatch.StartNew();
        var model = DetectorRegistry.CreateEstimator(ml.Transforms, options).Fit(data);
        var fit = clock.Elapsed;

        // Scoring is timed after one untimed pass of each side: the network's first passes in evaluation mode pay
        // one-off costs (kernel selection, allocator growth) that would otherwise fall on whichever side ran first.
        // The reference is the same trained network run by a bare batched loop, so both sides do the same arithmetic
        // and only the library's work around the network differs.
        var window = (MLNetAnomaly.Torch.Detection.TorchWindowDetector)((MLNetAnomaly.Core.PostProcessing.PostProcessedDetector)((DeepDetectorTransformer)model).Detector).Raw;
        var epochs = window.EpochTime;
        var scaled = window.Scaler.Apply(values);
        BenchmarkHelpers.ReadAll(model.Transform(data));
        BareTorchSharpLoop.Infer(window.Network, scaled, settings);
        clock.Restart();
        BenchmarkHelpers.ReadAll(model.Transform(data));
        var inference = clock.Elapsed;
        clock.Restart();
        BareTorchSharpLoop.Infer(window.Network, scaled, settings);
        var bare = clock.Elapsed;
        (model as IDisposable)?.Dispose();
        return (fit, epochs, inference, bare);
    }

    /// <summary>
    /// Runs both once as a warm-up, then alternately <see cref="BenchmarkSettings.Repeats"/> times each, so that
    /// neither side always runs after the other; returns the medians.
    /// </summary>
    private static ((TimeSpan Fit, TimeSpan Epochs, TimeSpan Inference, TimeSpan BareInference) Library, TimeSpan BareFit) Interleaved(
        BenchmarkSettings settings, Func<(TimeSpan Fit, TimeSpan Epochs, TimeSpan Inference, TimeSpan BareInference)> library, Func<TimeSpan> bare)
    {
        library();
        bare();
        var libraryRuns = new List<(TimeSpan Fit, TimeSpan Epochs, TimeSpan Inference, TimeSpan BareInference)>();
        var bareRuns = new List<TimeSpan>();
        for (var i = 0; i < settings.Repeats; i++)
        {
            if (i % 2 == 0)
            {
                libraryRuns.Add(library());
                bareRuns.Add(bare());
            }
            else
            {
                bareRuns.Add(bare());
                libraryRuns.Add(library());
            }
        }

        return ((Median(libraryRuns.Select(r => r.Fit)), Median(libraryRuns.Select(r => r.Epochs)), Median(libraryRuns.Select(r => r.Inference)), Median(libraryRuns.Select(r => r.BareInference))), Median(bareRuns));
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> runs)
    {
        var sorted = runs.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
