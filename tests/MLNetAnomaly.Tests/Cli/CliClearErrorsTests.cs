using System.Globalization;
using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Cli;

/// <summary>Inputs that used to end in messages a user cannot act on now name the input, the problem and the fix.</summary>
[Trait("Category", "Slow")] // starts processes
public sealed class CliClearErrorsTests
{
    [Fact]
    public void AHugeWindowIsRefusedByNameBeforeAnyNativeOverflow()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new MLContext().Transforms.DetectAnomalyByLstm(new LstmDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", WindowSize = int.MaxValue }));
        Assert.Equal("WindowSize", error.ParamName);
    }

    [Fact]
    public void ATrainingFractionThatLeavesNoRowSaysHowMuchIsNeeded()
    {
        using var folder = new TemporaryFolder();
        var csv = folder.File("series.csv");
        File.WriteAllLines(csv, new[] { "timestamp,value" }.Concat(Enumerable.Range(0, 100).Select(i => $"{i},{(i % 7).ToString(CultureInfo.InvariantCulture)}")));

        var run = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike", "--train-fraction", "0.001");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--train-fraction", run.Error);
        Assert.DoesNotContain("Parameter 'count'", run.Error);
    }

    [Fact]
    public void SemicolonSeparatedFilesGetAHint()
    {
        using var folder = new TemporaryFolder();
        var csv = folder.File("series.csv");
        File.WriteAllLines(csv, new[] { "timestamp;value", "2024-01-01;1,5", "2024-01-02;2,5" });

        var run = CliProcess.Run(folder.Path, "detect", csv, "--detector", "iid-spike");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("';'", run.Error);
    }

    [Fact]
    public void EvaluateNamesAMissingResultsFolderAndABadLabelsFile()
    {
        using var folder = new TemporaryFolder();
        var missing = CliProcess.Run(folder.Path, "evaluate", "nab", "--results", folder.File("nowhere"), "--labels", folder.File("labels.json"));
        Directory.CreateDirectory(folder.File("results"));
        File.WriteAllText(folder.File("labels.json"), "[1, 2");
        var badJson = CliProcess.Run(folder.Path, "evaluate", "nab", "--results", folder.File("results"), "--labels", folder.File("labels.json"));

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Results folder", missing.Error);
        Assert.NotEqual(0, badJson.ExitCode);
        Assert.Contains("windows JSON", badJson.Error);
        Assert.DoesNotContain("JsonReaderException", badJson.Error);
    }
}
