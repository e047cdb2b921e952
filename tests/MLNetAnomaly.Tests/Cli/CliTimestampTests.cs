using System.Globalization;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Cli;

/// <summary>
/// Every command that reads a series parses its timestamps (dates, Unix epoch seconds, row indexes) and refuses rows
/// out of time order with the line and the fix, or sorts or keeps them when asked (issue 16, item 5).
/// </summary>
[Trait("Category", "Slow")] // starts processes
public sealed class CliTimestampTests
{
    [Fact]
    public void DetectRefusesRowsOutOfOrderAndSortsThemWhenAsked()
    {
        using var folder = new TemporaryFolder();
        var rows = Series(200).ToList();
        (rows[50], rows[51]) = (rows[51], rows[50]);
        var csv = Write(folder, "series.csv", rows);

        var refused = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("line 53", refused.Error);
        Assert.Contains("is earlier than", refused.Error);
        Assert.Contains("--time-order sort", refused.Error);
        Assert.False(File.Exists(folder.File("series.scores.csv")));

        var sorted = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike", "--time-order", "sort");
        Assert.True(sorted.ExitCode == 0, sorted.Error + sorted.Output);
        // Each row moved whole: its value came with its timestamp.
        var written = File.ReadAllLines(folder.File("series.scores.csv")).Skip(1).Select(line => string.Join(',', line.Split(',')[..2])).ToList();
        Assert.Equal(Series(200), written);
    }

    [Fact]
    public void DetectRefusesARepeatedTimestampAndKeepsTheFileOrderWhenAsked()
    {
        using var folder = new TemporaryFolder();
        var rows = Series(200).ToList();
        rows[80] = rows[79].Split(',')[0] + ",5";
        var csv = Write(folder, "series.csv", rows);

        var refused = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("line 82", refused.Error);
        Assert.Contains("repeats the timestamp", refused.Error);

        var kept = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike", "--time-order", "keep");
        Assert.True(kept.ExitCode == 0, kept.Error + kept.Output);
        Assert.Equal(201, File.ReadAllLines(folder.File("series.scores.csv")).Length);
    }

    [Theory]
    [InlineData("epoch seconds")]
    [InlineData("index")]
    public void DetectReadsEpochSecondsAndRowIndexes(string form)
    {
        using var folder = new TemporaryFolder();
        var csv = Write(folder, "series.csv", Values(200).Select((v, i) => $"{(form == "index" ? i : 1_600_000_000 + 60 * i)},{v}"));

        var run = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike");

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Equal(201, File.ReadAllLines(folder.File("series.scores.csv")).Length);
    }

    [Fact]
    public void TimestampsThatAreLabelsAreRefusedUnlessTheFileIsTakenAsItIs()
    {
        using var folder = new TemporaryFolder();
        var csv = Write(folder, "series.csv", Values(200).Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"run-{i},{v}")));

        var refused = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike");
        var kept = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike", "--time-order", "keep");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("'run-0'", refused.Error);
        Assert.Contains("--time-order keep", refused.Error);
        Assert.True(kept.ExitCode == 0, kept.Error + kept.Output);
        Assert.Equal("run-7", File.ReadAllLines(folder.File("series.scores.csv"))[8].Split(',')[0]);
    }

    [Fact]
    public void BenchTakesACorpusWhoseTimestampsAreRowIndexes()
    {
        // This used to abort the whole corpus with "'0' in column 'timestamp' is not a timestamp".
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("corpus"));
        var values = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(300), 10, 250);
        File.WriteAllLines(folder.File("corpus/ucr_1.csv"), new[] { "timestamp,value,label" }.Concat(values.Select((v, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{i},{v},{(i == 250 ? 1 : 0)}"))));

        var run = CliProcess.Run(folder.Path, "bench", "--corpus", folder.File("corpus"), "-d", "iid-spike", "--train-fraction", "0.3", "-o", folder.File("out"));

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("| iid-spike | all | 1 |", File.ReadAllText(folder.File("out/leaderboard.md")));
    }

    [Fact]
    public void BenchNamesTheFileAndLineOfRowsOutOfOrder()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("corpus"));
        File.WriteAllLines(folder.File("corpus/a.csv"), new[] { "timestamp,value,label", "2,1,0", "1,2,0", "3,1,0" });

        var run = CliProcess.Run(folder.Path, "bench", "--corpus", folder.File("corpus"), "-d", "iid-spike", "-o", folder.File("out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("a.csv, line 3", run.Error);
    }

    [Fact]
    public void SelectAndScoreCheckTheOrderOfATimestampColumnWhenThereIsOne()
    {
        using var folder = new TemporaryFolder();
        var ordered = Write(folder, "ordered.csv", Series(300));
        var fitted = CliProcess.Run(folder.Path, "detect", ordered, "--detector", "iid-spike", "--save-model", folder.File("model.zip"));
        Assert.True(fitted.ExitCode == 0, fitted.Error + fitted.Output);
        var rows = Series(300).ToList();
        (rows[10], rows[11]) = (rows[11], rows[10]);
        var shuffled = Write(folder, "shuffled.csv", rows);

        var select = CliProcess.Run(folder.Path, "select", shuffled, "--max-trials", "1", "-d", "iid-spike");
        var score = CliProcess.Run(folder.Path, "score", shuffled, "-m", folder.File("model.zip"), "-o", folder.File("scored.csv"));
        var sortedScore = CliProcess.Run(folder.Path, "score", shuffled, "-m", folder.File("model.zip"), "-o", folder.File("sorted.csv"), "--time-order", "sort");

        Assert.Equal(2, select.ExitCode);
        Assert.Contains("line 13", select.Error);
        Assert.Equal(2, score.ExitCode);
        Assert.Contains("line 13", score.Error);
        Assert.True(sortedScore.ExitCode == 0, sortedScore.Error + sortedScore.Output);
        var sortedRows = File.ReadAllLines(folder.File("sorted.csv")).Skip(1).Select(line => string.Join(',', line.Split(',')[..2])).ToList();
        Assert.Equal(Series(300), sortedRows);
    }

    private static IEnumerable<float> Values(int count) => SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(count), 10, count - 20);

    private static IEnumerable<string> Series(int count)
        => Values(count).Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{new DateTime(2024, 1, 1).AddMinutes(i):yyyy-MM-dd HH:mm:ss},{v}"));

    private static string Write(TemporaryFolder folder, string name, IEnumerable<string> rows)
    {
        File.WriteAllLines(folder.File(name), new[] { "timestamp,value" }.Concat(rows));
        return folder.File(name);
    }
}
