using System.Globalization;
using MLNetAnomaly.Cli.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Cli;

/// <summary>
/// Every file the CLI writes is checked before the work starts and replaced only when complete: an output that is the
/// input, or a folder, is refused with a message naming the option, and nothing is truncated.
/// </summary>
[Trait("Category", "Slow")] // starts processes
public sealed class CliOutputSafetyTests
{
    private static string Series(TemporaryFolder folder)
    {
        var csv = folder.File("series.csv");
        var series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(300), 40, 250);
        File.WriteAllLines(csv, new[] { "timestamp,value" }.Concat(series.Select((v, i) => $"{i},{v.ToString(CultureInfo.InvariantCulture)}")));
        return csv;
    }

    [Fact]
    public void ScoreRefusesToWriteOverItsInputAndLeavesItWhole()
    {
        using var folder = new TemporaryFolder();
        var csv = Series(folder);
        var model = folder.File("model.zip");
        var fit = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike", "--save-model", model);
        Assert.True(fit.ExitCode == 0, fit.Error + fit.Output);
        var before = File.ReadAllBytes(csv);

        var run = CliProcess.Run(folder.Path, "score", csv, "-m", model, "-o", csv);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--output", run.Error + run.Output);
        Assert.Contains("input", run.Error + run.Output);
        Assert.Equal(before, File.ReadAllBytes(csv));
    }

    [Fact]
    public void DetectRefusesAFolderAsOutputOrModelBeforeWritingAnything()
    {
        using var folder = new TemporaryFolder();
        var csv = Series(folder);
        var sub = Directory.CreateDirectory(folder.File("out")).FullName;

        var toFolder = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike", "-o", sub);
        var modelToFolder = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike", "-o", folder.File("s.csv"), "--save-model", sub);

        Assert.NotEqual(0, toFolder.ExitCode);
        Assert.Contains("--output", toFolder.Error + toFolder.Output);
        Assert.Contains("is a folder", toFolder.Error + toFolder.Output);
        Assert.NotEqual(0, modelToFolder.ExitCode);
        Assert.Contains("--save-model", modelToFolder.Error + modelToFolder.Output);
        Assert.False(File.Exists(folder.File("s.csv")), "the scores file was written although the model path was refused");
        Assert.Empty(Directory.GetFiles(sub));
    }

    [Fact]
    public void AWriteThatFailsHalfwayLeavesThePreviousFileAndNoTemporaryFile()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("scores.csv");
        File.WriteAllText(path, "previous");

        Assert.Throws<IOException>(() => SafeFile.WriteText(path, writer =>
        {
            writer.Write("half of the new conte");
            writer.Flush();
            throw new IOException("disk full");
        }));

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));

        SafeFile.WriteText(path, writer => writer.Write("new"));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void ScoreAndDetectReadValuesByOneRule()
    {
        // 'abc' used to become NaN in score (exit 0) while detect refused it; both now refuse it with its line, and a
        // value beyond single precision is refused by both instead of silently becoming a missing value.
        using var folder = new TemporaryFolder();
        var csv = Series(folder);
        var model = folder.File("model.zip");
        Assert.Equal(0, CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike", "--save-model", model).ExitCode);

        var lines = File.ReadAllLines(csv);
        var text = folder.File("text.csv");
        File.WriteAllLines(text, lines.Select((l, i) => i == 5 ? "4,abc" : l));
        var huge = folder.File("huge.csv");
        File.WriteAllLines(huge, lines.Select((l, i) => i == 7 ? "6,1e308" : l));

        foreach (var (file, expected) in new[] { (text, "'abc'"), (huge, "'1e308'") })
        {
            var score = CliProcess.Run(folder.Path, "score", file, "-m", model, "-o", folder.File("out.csv"));
            var detect = CliProcess.Run(folder.Path, "detect", file, "--detector", "iid-spike", "-o", folder.File("out2.csv"));
            foreach (var run in new[] { score, detect })
            {
                Assert.NotEqual(0, run.ExitCode);
                Assert.Contains(expected, run.Error + run.Output);
                Assert.Contains("line", run.Error + run.Output);
            }
        }
    }
}
