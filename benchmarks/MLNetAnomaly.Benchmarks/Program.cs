using MLNetAnomaly.Benchmarks;

// Benchmarks, outside the test run. Usage:
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- speed [detector,detector,...] [path/to/series.csv] [repeats]
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- scoring [detector,...] [path/to/series.csv]
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- classical [path/to/series.csv] [synthetic length]
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- train-srcnn [output weights file]
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- quality [corpus folder] [output folder]
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- streaming [path/to/series.csv]
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- streaming-learning [path/to/series.csv]
//   DOTNET_PROCESSOR_COUNT=1 dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- soak-collections [seconds]
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- soak-streaming [detector] [points]
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- fleet [iid-spike|lstm] [series] [points] [batch] [silo counts, e.g. 1,2,4] [memory|postgres]
Console.WriteLine($"Native runtime: {MLNetAnomaly.TorchNativeSupport.EnsureLoadable()}");
if (int.TryParse(Environment.GetEnvironmentVariable("MLNA_THREADS"), out var threads))
{
    // For experiments: libtorch's CPU thread count for the whole run.
    TorchSharp.torch.set_num_threads(threads);
}

var command = args.Length > 0 ? args[0] : "speed";
switch (command)
{
    case "speed":
        var detectors = args.Length > 1 ? args[1].Split(',') : new[] { "lstm", "gru", "rnn", "cnn", "autoencoder" };
        var csv = args.Length > 2 ? args[2] : Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv");
        SpeedBenchmark.Run(csv, detectors, new BenchmarkSettings(Repeats: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5));
        return 0;
    case "scoring":
        var scoringDetectors = args.Length > 1 ? args[1].Split(',') : new[] { "lstm", "cnn", "autoencoder" };
        ScoringBreakdown.Run(args.Length > 2 ? args[2] : Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv"), scoringDetectors, new BenchmarkSettings());
        return 0;
    case "classical":
        ClassicalSpeed.Run(args.Length > 1 ? args[1] : Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv"), args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        return 0;
    case "train-srcnn":
        SrCnnTraining.Run(args.Length > 1 ? args[1] : Path.Combine("src", "MLNetAnomaly", "Resources", "srcnn-default.weights"));
        return 0;
    case "streaming":
        StreamingLatency.Run(args.Length > 1 ? args[1] : Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv"), new BenchmarkSettings());
        return 0;
    case "streaming-learning":
        StreamingLatency.Run(args.Length > 1 ? args[1] : Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv"), new BenchmarkSettings(), learning: true);
        return 0;
    case "soak-collections":
        return CollectionSoak.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300);
    case "soak-streaming":
        return StreamingSoak.Run(args.Length > 1 ? args[1] : "gru", args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000_000, new BenchmarkSettings());
    case "fleet":
        int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        return FleetThroughput.Run(
            args.Length > 1 ? args[1] : "iid-spike",
            Arg(2, 10_000),
            Arg(3, 1_000),
            Arg(4, 100),
            args.Length > 5 ? args[5].Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : new[] { 1, 2, 4 },
            args.Length > 6 ? args[6] : "memory");
    case "quality":
        var corpus = args.Length > 1 ? args[1] : Path.GetFullPath(Path.Combine("..", "shared", "data", "nab"));
        if (!Directory.Exists(corpus))
        {
            Console.Error.WriteLine($"Corpus folder '{corpus}' does not exist; pass it as the first argument.");
            return 2;
        }

        QualityBenchmark.Run(corpus, args.Length > 2 ? args[2] : "bench-results");
        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{command}'. Available: speed, scoring, classical, train-srcnn, quality, streaming, streaming-learning, soak-collections, soak-streaming, fleet");
        return 2;
}
