using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using MLNetAnomaly;
using MLNetAnomaly.Orleans.Client;
using MLNetAnomaly.Streaming;
using Orleans.Configuration;

namespace Fleet;

/// <summary>Starts two silo processes, streams the series through them, kills one halfway, and checks every series.</summary>
internal static class Coordinator
{
    public static async Task<int> RunAsync(string connection, int seriesCount, int points)
    {
        var cluster = "fleet-sample-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
        var model = FitModel();
        using var first = StartSilo(11_111, 30_000, cluster);
        using var second = StartSilo(11_112, 30_001, cluster);
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.UseOrleansClient(client => client
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster, cluster))
                .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connection))
                .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)));
            using var host = builder.Build();
            await host.StartAsync();
            var fleet = new AnomalyFleetClient(host.Services.GetRequiredService<IClusterClient>());
            await fleet.RegisterModelAsync("iid-spike", model);
            var writers = Enumerable.Range(0, seriesCount).Select(i => fleet.OpenSeries($"host-{i}/latency", "iid-spike")).ToArray();
            var predictions = writers.Select(_ => new List<AnomalyPrediction>()).ToArray();
            const int Batch = 20;

            var clock = Stopwatch.StartNew();
            await Stream(writers, predictions, 0, points / 2, Batch);
            Console.WriteLine($"{seriesCount:N0} series x {points / 2} points through 2 silos in {clock.Elapsed.TotalSeconds:F1} s; killing the silo on port 11112");
            second.Kill(entireProcessTree: true);
            clock.Restart();
            await Stream(writers, predictions, points / 2, points, Batch);
            Console.WriteLine($"the other {points - (points / 2)} points of every series in {clock.Elapsed.TotalSeconds:F1} s, {writers.Sum(w => w.Retries):N0} batches resent while the cluster noticed");

            // Every series must equal a single engine that never stopped: a lost or repeated point would shift it.
            var ml = new MLContext();
            var transformer = ml.Model.Load(new MemoryStream(model), out _);
            var wrong = 0;
            for (var i = 0; i < seriesCount; i++)
            {
                using var engine = ml.AnomalyDetection.CreateStreamingEngine(transformer);
                var expected = Enumerable.Range(0, points).Select(t => engine.Predict(Value(i, t))).ToArray();
                var status = await fleet.GetStatusAsync(writers[i].SeriesId);
                if (!expected.SequenceEqual(predictions[i]) || status.NextSequence != points)
                {
                    wrong++;
                }
            }

            var alerts = predictions.Sum(p => p.Count(x => x.Alert));
            Console.WriteLine(wrong == 0
                ? $"every one of {seriesCount:N0} series continued on the surviving silo: nothing lost, nothing counted twice ({alerts:N0} alerts, each series equal to an uninterrupted engine)"
                : $"{wrong} of {seriesCount:N0} series differ from an uninterrupted engine");
            await host.StopAsync();
            return wrong == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var silo in new[] { first, second })
            {
                silo.Kill(entireProcessTree: true); // does nothing to a process that has exited
                silo.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
    }

    private static async Task Stream(SeriesWriter[] writers, List<AnomalyPrediction>[] predictions, int from, int to, int batch)
        => await Parallel.ForEachAsync(Enumerable.Range(0, writers.Length), new ParallelOptions { MaxDegreeOfParallelism = 128 }, async (i, _) =>
        {
            for (var start = from; start < to; start += batch)
            {
                var size = Math.Min(batch, to - start);
                var times = Enumerable.Range(start, size).Select(t => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(t)).ToArray();
                predictions[i].AddRange(await writers[i].AppendAsync(times, Enumerable.Range(start, size).Select(t => Value(i, t)).ToArray()));
            }
        });

    // A latency-like series per host: a daily cycle, noise, and a spike every 97 points at a host-specific phase.
    private static float Value(int host, int t)
        => (float)(20 + (5 * Math.Sin(2 * Math.PI * t / 288)) + Math.Sin((t * 12.9898) + host) + ((t + host) % 97 == 0 ? 15 : 0));

    private static byte[] FitModel()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 500).Select(t => new Row { Value = Value(0, t) }));
        var model = ml.Transforms.DetectAnomalyByIidSpike("Prediction", nameof(Row.Value)).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    private static Process StartSilo(int siloPort, int gatewayPort, string cluster)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Coordinator).Assembly.Location);
        }

        foreach (var argument in new[] { "silo", siloPort.ToString(), gatewayPort.ToString(), cluster, Environment.ProcessId.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        // The silo prints "silo PORT up" once started; its log lines (warnings) are read and dropped so it never blocks.
        var ready = new TaskCompletionSource();
        var said = new List<string>();
        _ = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                if (line == $"silo {siloPort} up")
                {
                    ready.TrySetResult();
                }
                else if (!ready.Task.IsCompleted)
                {
                    said.Add(line);
                }
            }

            ready.TrySetException(new InvalidOperationException($"The silo on port {siloPort} stopped before it started: {string.Join(Environment.NewLine, said.TakeLast(20))}"));
        });
        if (!ready.Task.Wait(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The silo on port {siloPort} did not start within a minute: {string.Join(Environment.NewLine, said.TakeLast(20))}");
        }

        Console.WriteLine($"started silo process {process.Id} on port {siloPort}");
        return process;
    }

    private sealed class Row
    {
        public float Value { get; set; }
    }
}
