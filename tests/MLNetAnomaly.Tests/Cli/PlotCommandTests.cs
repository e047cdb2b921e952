using System.Buffers.Binary;
using System.Globalization;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Cli;

[Trait("Category", "Slow")]
public sealed class PlotCommandTests
{
    private static string WriteScores(TemporaryFolder folder, int rows)
    {
        var path = folder.File("s.scores.csv");
        File.WriteAllLines(path, new[] { "timestamp,value,alert,score,p_value,expected" }.Concat(Enumerable.Range(0, rows).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i},{Math.Sin(i / 5.0) + (i == 150 ? 5 : 0)},{(i == 150 ? 1 : 0)},0,0.5,{(i < 10 ? double.NaN : Math.Sin(i / 5.0))}"))));
        return path;
    }

    /// <summary>Width and height from a PNG's IHDR chunk, after checking the signature.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void PlotWritesAPngOfTheRequestedSize()
    {
        using var folder = new TemporaryFolder();
        var scores = WriteScores(folder, 300);
        File.WriteAllLines(folder.File("labels.csv"), new[] { "timestamp,label" }.Concat(Enumerable.Range(0, 300).Select(i => $"{i},{(i is >= 145 and <= 155 ? 1 : 0)}")));

        var run = CliProcess.Run(folder.Path, "plot", scores, "-o", folder.File("out.png"), "--width", "640", "--height", "360", "--labels", folder.File("labels.csv"));

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("(1 alerts)", run.Output);
        Assert.Equal((640, 360), PngSize(folder.File("out.png")));
    }

    [Fact]
    public void DatesTrainingRowsAndAThresholdAreDrawnAndATrainingStretchBeyondTheSeriesIsRefused()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("d.scores.csv");
        File.WriteAllLines(path, new[] { "timestamp,value,alert,score,p_value" }.Concat(Enumerable.Range(0, 200).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{new DateTime(2024, 1, 1).AddHours(i):yyyy-MM-dd HH:mm:ss},{Math.Sin(i / 5.0)},{(i == 150 ? 1 : 0)},{(i < 10 ? 0 : i == 150 ? 0.9 : 0.1)},0.5"))));

        var drawn = CliProcess.Run(folder.Path, "plot", path, "--train-rows", "60", "--score-threshold", "0.5", "--height", "600");
        var beyond = CliProcess.Run(folder.Path, "plot", path, "--train-rows", "201");

        Assert.True(drawn.ExitCode == 0, drawn.Error + drawn.Output);
        Assert.Equal((1400, 600), PngSize(folder.File("d.scores.png")));
        Assert.Equal(2, beyond.ExitCode);
        Assert.Contains("--train-rows must be between 0 and the 200 rows", beyond.Error);
    }

    [Fact]
    public void LabelsOfAnotherLengthAndAnAbsurdSizeAreBadInput()
    {
        using var folder = new TemporaryFolder();
        var scores = WriteScores(folder, 50);
        File.WriteAllLines(folder.File("labels.csv"), new[] { "timestamp,label", "0,1" });

        var labels = CliProcess.Run(folder.Path, "plot", scores, "--labels", folder.File("labels.csv"));
        var size = CliProcess.Run(folder.Path, "plot", scores, "--width", "10");

        Assert.Equal(2, labels.ExitCode);
        Assert.Contains("1 rows but s.scores.csv has 50", labels.Error);
        Assert.Equal(2, size.ExitCode);
        Assert.Contains("--width", size.Error);
    }

    [Fact]
    public void DetectCanPlotToo()
    {
        using var folder = new TemporaryFolder();
        var series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(300), 30, 250);
        var csv = folder.File("series.csv");
        File.WriteAllLines(csv, new[] { "timestamp,value" }.Concat(series.Select((v, i) => $"{i},{v.ToString(CultureInfo.InvariantCulture)}")));

        var run = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike", "--plot");

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Equal((1400, 700), PngSize(folder.File("series.scores.png")));
    }
}
