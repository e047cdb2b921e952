using System.Globalization;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Cli;

/// <summary>detect, bench, select and score take --threads for libtorch's CPU threads, checked by name.</summary>
[Trait("Category", "Slow")] // starts processes
public sealed class CliThreadsTests
{
    [Fact]
    public void ThreadsAreSettableAndOutOfRangeValuesAreRefusedByName()
    {
        using var folder = new TemporaryFolder();
        var csv = folder.File("series.csv");
        var series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(300), 40, 250);
        File.WriteAllLines(csv, new[] { "timestamp,value" }.Concat(series.Select((v, i) => $"{i},{v.ToString(CultureInfo.InvariantCulture)}")));

        var one = CliProcess.Run(folder.Path, "detect", csv, "--detector", "autoencoder", "--epochs", "2", "--threads", "1", "-o", folder.File("a.csv"));
        var zero = CliProcess.Run(folder.Path, "detect", csv, "--detector", "autoencoder", "--threads", "0", "-o", folder.File("b.csv"));

        Assert.True(one.ExitCode == 0, one.Error + one.Output);
        Assert.NotEqual(0, zero.ExitCode);
        Assert.Contains("--threads", zero.Error + zero.Output);
        Assert.False(File.Exists(folder.File("b.csv")));
    }
}
