using System.Diagnostics;
using Microsoft.ML;
using MLNetAnomaly.ML.Detectors;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// Fits and scores every deep detector over and over (small networks, learning while scoring on every third fit, a
/// streaming engine each time) while another thread forces garbage collections and runs finalizers without pause:
/// a native object freed while libtorch still uses it shows up here within seconds instead of once in hundreds of
/// benchmark runs. Run it with <c>DOTNET_PROCESSOR_COUNT=1</c>, as in a 1-CPU container, where it was first seen.
/// </summary>
internal static class CollectionSoak
{
    internal static int Run(double seconds)
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, 400).Select(i => (float)(Math.Sin(i / 5.0) + (random.NextDouble() * 0.1) + (i == 350 ? 4 : 0))).ToArray();
        var stop = 0;
        var collections = 0L;
        var collector = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                collections++;
            }
        });
        collector.Start();
        var clock = Stopwatch.StartNew();
        var (fits, reported) = (0, 0);
        try
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                foreach (var name in DetectorRegistry.DeepDetectorNames)
                {
                    var ml = new MLContext(seed: 1);
                    var data = ml.Data.LoadFromEnumerable(values.Select(v => new ValueRow { Value = v }));
                    var options = DetectorKinds.SmallOptions(DetectorKinds.Find(name), "Value", "Prediction", 16, 16, 2, 0.01, fits);
                    if (fits % 3 == 0)
                    {
                        options.OnlineLearning = new OnlineLearningOptions { UpdateInterval = 50 };
                    }

                    try
                    {
                        using var model = (SequentialDetectorTransformer)DetectorRegistry.CreateEstimator(ml.Transforms, options).Fit(data);
                        BenchmarkHelpers.ReadAll(model.Transform(data));
                        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);
                        foreach (var value in values.AsSpan(0, 100))
                        {
                            engine.Predict(value);
                        }
                    }
                    catch (InvalidOperationException error) when (error.Message.StartsWith("Training failed", StringComparison.Ordinal))
                    {
                        // libtorch's CPU convolution sometimes gives NaN gradients from finite inputs on this host, with or
                        // without collections; the trainer reports it clearly, which is what we count here.
                        reported++;
                    }

                    fits++;
                }
            }
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            collector.Join();
        }

        Console.WriteLine($"{fits:N0} fits and scorings of the six deep detectors in {clock.Elapsed.TotalSeconds:F0} s with {collections:N0} forced collections on another thread (processor count {Environment.ProcessorCount}): no native error; {reported} fits reported non-finite training (libtorch's convolution on this CPU).");
        return 0;
    }
}
