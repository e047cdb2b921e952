using MLNetAnomaly.Benchmarks;

// Speed benchmarks, outside the test run. Usage:
//   dotnet run -c Release --project benchmarks/MLNetAnomaly.Benchmarks -- lstm [path/to/series.csv]
Console.WriteLine($"Native runtime: {MLNetAnomaly.TorchNativeSupport.EnsureLoadable()}");
var command = args.Length > 0 ? args[0] : "lstm";
switch (command)
{
    case "lstm":
        var csv = args.Length > 1 ? args[1] : Path.Combine(AppContext.BaseDirectory, "data", "nyc_taxi.csv");
        LstmSpeedBenchmark.Run(csv, new BenchmarkSettings());
        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{command}'. Available: lstm");
        return 2;
}
