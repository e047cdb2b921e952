using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests;

/// <summary>Smoke tests: every sample, as the solution build leaves it, runs and prints what it promises.</summary>
public sealed class SampleTests
{
    /// <summary>The sample's built program, in the same configuration as these tests.</summary>
    private static string SampleDll(string name)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MLNetAnomaly.sln")))
        {
            root = root.Parent;
        }

        Assert.True(root is not null, $"The repository root (with MLNetAnomaly.sln) was not found above {AppContext.BaseDirectory}.");
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        return Path.Combine(root!.FullName, "samples", name, "bin", configuration, "net10.0", name + ".dll");
    }

    [Theory]
    [InlineData("QuickStart", "loaded back as DeepDetectorTransformer")]
    [InlineData("CompareWithBuiltIns", "SR-CNN (shipped network)")]
    [InlineData("AutoSelect", "Chosen: ")]
    [InlineData("SaveLoad", "identical scores on all 10,320 rows")]
    [InlineData("Streaming", "identical predictions to an engine that never stopped")]
    public void SampleRunsAndPrintsItsResult(string sample, string expected)
    {
        using var folder = new TemporaryFolder();

        var run = CliProcess.RunDll(SampleDll(sample), folder.Path);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains(expected, run.Output);
    }
}
