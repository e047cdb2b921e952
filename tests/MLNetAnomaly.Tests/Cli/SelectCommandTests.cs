using System.Globalization;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Cli;

[Trait("Category", "Slow")]
public sealed class SelectCommandTests
{
    private static string WriteSeries(TemporaryFolder folder)
    {
        var series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(500), 40, 420, 470);
        var path = folder.File("series.csv");
        File.WriteAllLines(path, new[] { "timestamp,value,label" }.Concat(series.Select((v, i) => $"{i},{v.ToString(CultureInfo.InvariantCulture)},{(i is 420 or 470 ? 1 : 0)}")));
        return path;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("label")]
    public void SelectPrintsTheLeaderboardAndSavesTheChoice(string? label)
    {
        using var folder = new TemporaryFolder();
        var arguments = new List<string> { "select", WriteSeries(folder), "--max-trials", "3", "-d", "iid-spike,sr,rnn", "--parallel", "2", "--save-model", folder.File("best.zip") };
        if (label is not null)
        {
            arguments.AddRange(new[] { "--label-column", label });
        }

        var run = CliProcess.Run(folder.Path, arguments.ToArray());

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("Chose ", run.Output);
        Assert.Contains(label is null ? "consensus" : "metric", run.Output);
        Assert.Contains("rnn", run.Output);
        Assert.True(new FileInfo(folder.File("best.zip")).Length > 0);
    }

    [Fact]
    public void AnUnknownDetectorIsABadInputExit()
    {
        using var folder = new TemporaryFolder();

        var run = CliProcess.Run(folder.Path, "select", WriteSeries(folder), "-d", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown detector 'nope'", run.Error);
    }
}
