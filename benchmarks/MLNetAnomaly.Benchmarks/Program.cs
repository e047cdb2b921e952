using MLNetAnomaly.Benchmarks;

// Benchmarks, outside the test run. Usage:
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- speed [detector,detector,...] [path/to/series.csv]
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- quality [corpus folder] [output folder]
Console.WriteLine($"Native runtime: {MLNetAnomaly.TorchNativeSupport.EnsureLoadable()}");
var command = args.Length > 0 ? args[0] : "speed";
switch (command)
{
    case "speed":
        var detectors = args.Length > 1 ? args[1].Split(',') : new[] { "lstm", "gru", "rnn", "cnn", "autoencoder" };
        var csv = args.Length > 2 ? args[2] : Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv");
        SpeedBenchmark.Run(csv, detectors, new BenchmarkSettings());
        return 0;
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
        Console.Error.WriteLine($"Unknown benchmark '{command}'. Available: speed, quality");
        return 2;
}
