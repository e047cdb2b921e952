using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// Fit time and Transform throughput of the LSTM detector on nyc_taxi.csv, next to the same network trained and
/// run by a bare TorchSharp loop, each the median of several runs in one process (after one warm-up run each).
/// </summary>
internal static class LstmSpeedBenchmark
{
    private sealed class Row
    {
        public float Value { get; set; }
    }

    internal static void Run(string csvPath, BenchmarkSettings settings)
    {
        var values = File.ReadLines(csvPath).Skip(1).Select(line => float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        var windows = values.Length - settings.WindowSize;
        Console.WriteLine($"LSTM speed on {Path.GetFileName(csvPath)}: {values.Length:N0} points, window {settings.WindowSize}, hidden {settings.HiddenSize}, {settings.Layers} layers, batch {settings.BatchSize}, {settings.Epochs} epochs, median of {settings.Repeats} runs after a warm-up");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, TorchSharp threads {TorchSharp.torch.get_num_threads()}");

        var library = Measure(settings, () => Library(values, settings));
        var bare = Measure(settings, () => BareTorchSharpLstm.Run(values, settings));

        Console.WriteLine();
        Console.WriteLine("| implementation | fit (s) | fit windows/s per epoch | scoring (s) | scoring points/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Print("MLNetAnomaly LSTM detector (Fit / Transform)", library, windows, values.Length, settings);
        Print("bare TorchSharp loop (same network)", bare, windows, values.Length, settings);
        Console.WriteLine();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "library / bare: fit throughput {0:F2}x, scoring throughput {1:F2}x",
            bare.Fit.TotalSeconds / library.Fit.TotalSeconds, bare.Inference.TotalSeconds / library.Inference.TotalSeconds));
    }

    private static (TimeSpan Fit, TimeSpan Inference) Library(float[] values, BenchmarkSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var data = ml.Data.LoadFromEnumerable(values.Select(v => new Row { Value = v }).ToList());
        var clock = Stopwatch.StartNew();
        using var model = ml.Transforms.DetectAnomalyByLstm(new LstmDetectorOptions
        {
            InputColumnName = "Value",
            OutputColumnName = "Prediction",
            WindowSize = settings.WindowSize,
            HiddenSize = settings.HiddenSize,
            Layers = settings.Layers,
            BatchSize = settings.BatchSize,
            Epochs = settings.Epochs,
            InferenceBatchSize = settings.InferenceBatchSize,
            Device = ComputeDevice.Cpu,
        }).Fit(data);
        var fit = clock.Elapsed;
        clock.Restart();
        var scored = model.Transform(data);
        using (var cursor = scored.GetRowCursor(scored.Schema))
        {
            var getter = cursor.GetGetter<Microsoft.ML.Data.VBuffer<double>>(scored.Schema["Prediction"]);
            var buffer = default(Microsoft.ML.Data.VBuffer<double>);
            while (cursor.MoveNext())
            {
                getter(ref buffer);
            }
        }

        return (fit, clock.Elapsed);
    }

    private static (TimeSpan Fit, TimeSpan Inference) Measure(BenchmarkSettings settings, Func<(TimeSpan Fit, TimeSpan Inference)> run)
    {
        run();
        var runs = Enumerable.Range(0, settings.Repeats).Select(_ => run()).ToList();
        return (runs.Select(r => r.Fit).Order().ElementAt(runs.Count / 2), runs.Select(r => r.Inference).Order().ElementAt(runs.Count / 2));
    }

    private static void Print(string name, (TimeSpan Fit, TimeSpan Inference) result, int windows, int points, BenchmarkSettings settings)
        => Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F2} | {2:N0} | {3:F3} | {4:N0} |",
            name, result.Fit.TotalSeconds, windows * settings.Epochs / result.Fit.TotalSeconds, result.Inference.TotalSeconds, points / result.Inference.TotalSeconds));
}
