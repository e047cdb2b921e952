using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using MLNetAnomaly.Orleans;
using MLNetAnomaly.Orleans.Client;
using MLNetAnomaly.Orleans.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// The fleet on this machine: for 1, 2 and 4 silos (in this process, through Orleans' test cluster, with the tests'
/// in-process storage, which outlives a silo), streams S series of P points each in batches through <see cref="SeriesWriter"/>s, 256 series
/// in flight at once. Prints points/s, the process's memory per active series, the mean checkpoint size and the
/// time to serialise one, and, with more than one silo, how long the series of a killed silo take to answer again.
/// The silos share this machine's cores, so more silos measure Orleans' overhead, not a bigger cluster.
/// </summary>
internal static class FleetThroughput
{
    private const int InFlight = 256;

    // "memory" (the tests' in-process store) or "postgres" (Orleans' ADO.NET storage on MLNETANOMALY_POSTGRES).
    private static string Storage = "memory";

    internal static int Run(string detector, int series, int points, int batch, int[] siloCounts, string storage)
    {
        if (storage == "postgres" && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("MLNETANOMALY_POSTGRES")))
        {
            Console.Error.WriteLine("fleet ... postgres needs MLNETANOMALY_POSTGRES (eval \"$(build/postgres.sh start)\").");
            return 2;
        }

        Storage = storage;
        TorchNativeSupport.EnsureLoadable();
        var model = FitModel(detector);
        Console.WriteLine($"fleet: {detector}, {series:N0} series x {points:N0} points, batches of {batch}, {InFlight} series in flight, {Environment.ProcessorCount} cores, {storage} storage; model {model.Length / 1024.0:F1} KB");
        Console.WriteLine("silos  points/s   elapsed   MB/series(WS)  KB/series(heap)  checkpoint(B)  checkpoint(us)  resume after kill");
        foreach (var silos in siloCounts)
        {
            RunOne(model, series, points, batch, silos).GetAwaiter().GetResult();
        }

        return 0;
    }

    private static async Task RunOne(byte[] model, int series, int points, int batch, int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ServiceId = "fleet-bench-" + Guid.NewGuid().ToString("N");
        builder.Options.ConfigureFileLogging = false;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var fleet = new AnomalyFleetClient(cluster.Client);
            await fleet.RegisterModelAsync("model", model);
            var checkpointBytes = new List<long>();
            using var listener = Listen(checkpointBytes);
            Collect();
            var (heapBefore, setBefore) = (GC.GetTotalMemory(true), Process.GetCurrentProcess().WorkingSet64);
            var clock = Stopwatch.StartNew();
            var writers = Enumerable.Range(0, series).Select(i => fleet.OpenSeries($"series-{i}", "model", TimeSpan.FromMinutes(10))).ToArray();
            await Parallel.ForEachAsync(Enumerable.Range(0, series), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
            {
                for (var start = 0; start < points; start += batch)
                {
                    var size = Math.Min(batch, points - start);
                    await writers[i].AppendAsync(Timestamps(start, size), Values(i, start, size));
                }
            });
            clock.Stop();
            Collect();
            var (heapAfter, setAfter) = (GC.GetTotalMemory(true), Process.GetCurrentProcess().WorkingSet64);
            var checkpointMicros = CheckpointMicroseconds(model, points);
            string resume = "-";
            if (silos > 1)
            {
                resume = (await ResumeAfterKill(cluster, writers, points, batch)).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
            }

            var total = (double)series * points;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{silos,5}  {total / clock.Elapsed.TotalSeconds,8:N0}  {clock.Elapsed.TotalSeconds,7:F1} s  {(setAfter - setBefore) / 1e6 / series,13:F3}  {(heapAfter - heapBefore) / 1024.0 / series,15:F1}  {(checkpointBytes.Count == 0 ? 0 : checkpointBytes.Average()),13:N0}  {checkpointMicros,14:F1}  {resume}"));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    // Kills a secondary silo and times until every series that lived there has taken one more batch elsewhere.
    private static async Task<TimeSpan> ResumeAfterKill(TestCluster cluster, SeriesWriter[] writers, int points, int batch)
    {
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var victim = cluster.SecondarySilos[0];
        var moved = statistics.Where(s => s.GrainId.Type.ToString() == "anomalyseries" && s.SiloAddress.Equals(victim.SiloAddress))
            .Select(s => int.Parse(s.GrainId.Key.ToString()!["series-".Length..], CultureInfo.InvariantCulture)).ToArray();
        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);
        await Parallel.ForEachAsync(moved, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
            await writers[i].AppendAsync(Timestamps(points, batch), Values(i, points, batch)));
        return clock.Elapsed;
    }

    private static double CheckpointMicroseconds(byte[] model, int points)
    {
        var ml = new MLContext();
        using var transformer = (IDisposable)ml.Model.Load(new MemoryStream(model), out _);
        using var engine = ml.AnomalyDetection.CreateStreamingEngine((ITransformer)transformer);
        for (var i = 0; i < points; i++)
        {
            engine.Predict(Values(0, i, 1)[0]);
        }

        using var buffer = new MemoryStream();
        var clock = Stopwatch.StartNew();
        const int Repeats = 200;
        for (var r = 0; r < Repeats; r++)
        {
            buffer.SetLength(0);
            engine.Checkpoint(buffer);
        }

        return clock.Elapsed.TotalMicroseconds / Repeats;
    }

    private static MeterListener Listen(List<long> checkpointBytes)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AnomalyFleet.MeterName && instrument.Name == "mlnet_anomaly.fleet.checkpoint.bytes")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            lock (checkpointBytes)
            {
                if (checkpointBytes.Count < 100_000)
                {
                    checkpointBytes.Add(value);
                }
            }
        });
        listener.Start();
        return listener;
    }

    private static byte[] FitModel(string detector)
    {
        var ml = new MLContext(seed: 1);
        var training = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 2_000).Select(i => new Row { Value = Values(0, i, 1)[0] }));
        IEstimator<ITransformer> estimator = detector switch
        {
            "iid-spike" => ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value"),
            "lstm" => ml.Transforms.DetectAnomalyByLstm(new LstmDetectorOptions
            {
                InputColumnName = "Value", OutputColumnName = "Prediction", WindowSize = 24, HiddenSize = 32, Layers = 1, Epochs = 3, Seed = 1, Device = ComputeDevice.Cpu, NumberOfThreads = 1,
            }),
            _ => throw new ArgumentException($"fleet takes iid-spike or lstm; it was '{detector}'."),
        };
        var fitted = estimator.Fit(training);
        using var stream = new MemoryStream();
        ml.Model.Save(fitted, training.Schema, stream);
        return stream.ToArray();
    }

    private static DateTime[] Timestamps(int start, int count) => Enumerable.Range(start, count).Select(i => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i)).ToArray();

    // A daily cycle of 288 points per series, shifted by the series' number, with a little noise.
    private static float[] Values(int series, int start, int count)
        => Enumerable.Range(start, count).Select(i => (float)(Math.Sin((2 * Math.PI * (i + series)) / 288) + (0.05 * Math.Sin(i * 12.9898 + series)))).ToArray();

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private sealed class Row
    {
        public float Value { get; set; }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddAnomalyFleet();
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
            if (Storage == "postgres")
            {
                silo.AddAdoNetGrainStorage(AnomalyFleet.StorageName, o => (o.Invariant, o.ConnectionString) = ("Npgsql", Environment.GetEnvironmentVariable("MLNETANOMALY_POSTGRES")!));
            }
            else
            {
                // Orleans' memory storage lives in the silos and dies with one: this one is kept by the process.
                silo.Services.AddKeyedSingleton<global::Orleans.Storage.IGrainStorage>(AnomalyFleet.StorageName, (services, _) => ActivatorUtilities.CreateInstance<MLNetAnomaly.Orleans.Tests.TestFramework.SharedMemoryGrainStorage>(services));
            }
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client)
            => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
    }
}
