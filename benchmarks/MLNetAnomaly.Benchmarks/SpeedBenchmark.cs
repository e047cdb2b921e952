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
    private static readonly Dictionary<string, NetworkKind> Kinds = new()
    {
        ["lstm"] = NetworkKind.Lstm,
        ["gru"] = NetworkKind.Gru,
        ["rnn"] = NetworkKind.Rnn,
        ["cnn"] = NetworkKind.Cnn,
        ["autoencoder"] = NetworkKind.Autoencoder,
        ["lstm-autoencoder"] = NetworkKind.LstmAutoencoder,
    };

    private sealed class Row
    {
        public float Value { get; set; }
    }

    internal static void Run(string csvPath, IReadOnlyList<string> detectors, BenchmarkSettings settings)
    {
        var values = File.ReadLines(csvPath).Skip(1).Select(line => float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine($"Speed on {Path.GetFileName(csvPath)}: {values.Length:N0} points, window {settings.WindowSize}, hidden {settings.HiddenSize}, {settings.Layers} layers, batch {settings.BatchSize}, {settings.Epochs} epochs, inference batch {settings.InferenceBatchSize}; median of {settings.Repeats} runs each, library and bare alternating, after a warm-up");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, TorchSharp threads {TorchSharp.torch.get_num_threads()}");
        Console.WriteLine();
        Console.WriteLine("| detector | library fit (s) | bare fit (s) | fit windows/s per epoch, library / bare | fit ratio | library scoring points/s | bare inference points/s | scoring ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in detectors)
        {
            var kind = Kinds.TryGetValue(name, out var found) ? found : throw new ArgumentException($"Unknown detector '{name}'. Available: {string.Join(", ", Kinds.Keys)}.");
            var windows = values.Length - settings.WindowSize;
            var (library, bare) = Interleaved(settings, () => Library(values, name, settings), () => BareTorchSharpLoop.Run(values, kind, settings));
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F2} | {2:F2} | {3:N0} / {4:N0} | {5:F2} | {6:N0} | {7:N0} | {8:F2} |",
                name, library.Fit.TotalSeconds, bare.Fit.TotalSeconds,
                windows * settings.Epochs / library.Fit.TotalSeconds, windows * settings.Epochs / bare.Fit.TotalSeconds,
                bare.Fit.TotalSeconds / library.Fit.TotalSeconds,
                values.Length / library.Inference.TotalSeconds, values.Length / bare.Inference.TotalSeconds,
                bare.Inference.TotalSeconds / library.Inference.TotalSeconds));
        }
    }

    private static (TimeSpan Fit, TimeSpan Inference) Library(float[] values, string name, BenchmarkSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var data = ml.Data.LoadFromEnumerable(values.Select(v => new Row { Value = v }).ToList());
        var options = DetectorRegistry.CreateOptions(name);
        options.InputColumnName = "Value";
        options.OutputColumnName = "Prediction";
        options.WindowSize = settings.WindowSize;
        options.HiddenSize = settings.HiddenSize;
        options.Layers = settings.Layers;
        options.BatchSize = settings.BatchSize;
        options.Epochs = settings.Epochs;
        options.InferenceBatchSize = settings.InferenceBatchSize;
        options.Device = ComputeDevice.Cpu;
        var clock = Stopwatch.StartNew();
        var model = DetectorRegistry.CreateEstimator(ml.Transforms, options).Fit(data);
        var fit = clock.Elapsed;
        clock.Restart();
        var scored = model.Transform(data);
        using (var cursor = scored.GetRowCursor(scored.Schema))
        {
            var getter = cursor.GetGetter<VBuffer<double>>(scored.Schema["Prediction"]);
            var buffer = default(VBuffer<double>);
            while (cursor.MoveNext())
            {
                getter(ref buffer);
            }
        }

        var inference = clock.Elapsed;
        (model as IDisposable)?.Dispose();
        return (fit, inference);
    }

    /// <summary>
    /// Runs both once as a warm-up, then alternately <see cref="BenchmarkSettings.Repeats"/> times each, so that
    /// neither side always runs after the other; returns the medians.
    /// </summary>
    private static ((TimeSpan Fit, TimeSpan Inference) Library, (TimeSpan Fit, TimeSpan Inference) Bare) Interleaved(
        BenchmarkSettings settings, Func<(TimeSpan Fit, TimeSpan Inference)> library, Func<(TimeSpan Fit, TimeSpan Inference)> bare)
    {
        library();
        bare();
        var libraryRuns = new List<(TimeSpan Fit, TimeSpan Inference)>();
        var bareRuns = new List<(TimeSpan Fit, TimeSpan Inference)>();
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

        return (Median(libraryRuns), Median(bareRuns));
    }

    private static (TimeSpan Fit, TimeSpan Inference) Median(List<(TimeSpan Fit, TimeSpan Inference)> runs)
        => (runs.Select(r => r.Fit).Order().ElementAt(runs.Count / 2), runs.Select(r => r.Inference).Order().ElementAt(runs.Count / 2));
}
