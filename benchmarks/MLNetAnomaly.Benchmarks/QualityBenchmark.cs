using System.Diagnostics;
using MLNetAnomaly.Cli.Benchmarking;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// Detection quality of every detector on a labelled corpus (NAB by default) under NAB's protocol, written as a
/// leaderboard. The same runner as the CLI's <c>bench</c> command, without the progress display.
/// </summary>
internal static class QualityBenchmark
{
    internal static void Run(string corpusFolder, string outputFolder)
    {
        var (series, isNab) = BenchmarkCorpus.Load(corpusFolder);
        var options = new BenchmarkOptions();
        var candidates = BenchmarkCandidate.All(options.Seed);
        var clock = Stopwatch.StartNew();
        var outcomes = BenchmarkRunner.Run(series, candidates, options, new ConsoleProgress());
        var corpusName = isNab ? "NAB" : Path.GetFileName(corpusFolder.TrimEnd(Path.DirectorySeparatorChar));
        Console.WriteLine(Leaderboard.Write(outputFolder, Leaderboard.Build(outcomes), corpusName, series.Count, candidates, options, clock.Elapsed));
        Console.WriteLine($"{outcomes.Count} runs in {clock.Elapsed.TotalMinutes:F1} min; written to {Path.GetFullPath(outputFolder)}");
    }

    private sealed class ConsoleProgress : IProgress<BenchmarkProgress>
    {
        public void Report(BenchmarkProgress value)
        {
            if (value.Done % 10 == 0 || value.Done == value.Total)
            {
                Console.WriteLine($"{value.Done}/{value.Total} runs ({value.Detector}: {value.Series})");
            }
        }
    }
}
