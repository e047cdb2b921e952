using System.CommandLine;
using System.Globalization;
using MLNetAnomaly.Core.Metrics.Nab;

namespace MLNetAnomaly.Cli.Commands;

/// <summary>
/// <c>evaluate SCORES.csv --labels FILE | --label-column NAME</c> (<see cref="EvaluateScores"/>), and
/// <c>evaluate nab --results DIR</c>, which scores any detector's NAB-format result files with NAB's rules and prints the
/// three normalised scores, comparable with NAB's published scoreboard.
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    internal static Command Create()
    {
        var results = new Option<DirectoryInfo>("--results", "-r")
        {
            Description = "A detector's results folder in NAB's layout: <category>/<detector>_<series>.csv files with timestamp and anomaly_score columns.",
            Required = true,
        };
        var labels = new Option<FileInfo?>("--labels") { Description = "NAB windows file (default: labels/combined_windows.json found above the results folder)." };
        var data = new Option<DirectoryInfo?>("--data") { Description = "NAB data folder; when given, each result file must have as many rows as its data series." };
        var nab = new Command("nab", "Score a folder of NAB-format detector outputs with NAB's three profiles (standard, reward low FP, reward low FN).") { results, labels, data };
        CommandRunner.SetBody(nab, result =>
        {
            var resultsFolder = result.GetValue(results)!;
            if (!resultsFolder.Exists)
            {
                throw new CliException($"Results folder '{resultsFolder.FullName}' does not exist.");
            }

            var labelsFile = result.GetValue(labels)?.FullName ?? FindWindowsFile(resultsFolder)
                ?? throw new CliException($"No labels/combined_windows.json was found above '{resultsFolder.FullName}'; pass --labels.");
            var windows = NabCorpus.ReadWindows(labelsFile);
            var corpus = NabCorpus.ReadResults(resultsFolder.FullName, windows);
            if (result.GetValue(data) is { } dataFolder)
            {
                CheckRowCounts(corpus, dataFolder.FullName);
            }

            Console.WriteLine($"NAB scores of '{resultsFolder.Name}' over {corpus.Count} series and {corpus.Sum(s => s.Windows.Count)} windows ({labelsFile}):");
            Console.WriteLine();
            Console.WriteLine("| profile | score | threshold | raw total | null | perfect |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var profile in NabProfile.All)
            {
                var score = NabScorer.Score(corpus, profile);
                Console.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "| {0} | {1:F2} | {2:G6} | {3:F2} | {4:F2} | {5:F2} |",
                    profile.Name,
                    score.Normalized,
                    score.Threshold,
                    score.RawTotal,
                    score.NullTotal,
                    score.PerfectTotal));
            }
        });

        var evaluate = new Command("evaluate", "Evaluate a scores file (as detect and score write it) against labels, or, with 'nab', a folder of NAB-format results.") { nab };
        EvaluateScores.AddTo(evaluate);
        return evaluate;
    }

    private static string? FindWindowsFile(DirectoryInfo resultsFolder)
    {
        for (var directory = resultsFolder; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "labels", "combined_windows.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void CheckRowCounts(IReadOnlyList<NabSeries> corpus, string dataFolder)
    {
        foreach (var series in corpus)
        {
            var rows = NabCorpus.ReadData(dataFolder, series.Name).Timestamps.Count;
            if (rows != series.Timestamps.Count)
            {
                throw new CliException($"The result file for '{series.Name}' has {series.Timestamps.Count} rows, but the data series has {rows}.");
            }
        }
    }
}
