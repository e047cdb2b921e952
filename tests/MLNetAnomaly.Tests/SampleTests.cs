using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests;

/// <summary>Smoke tests: every sample, as the solution build leaves it, runs and prints what it promises.</summary>
[Trait("Category", "Slow")]
public sealed class SampleTests
{
    /// <summary>The sample's built program, in the same configuration as these tests.</summary>
    /// <summary>Every sample this class runs, with what its output must contain.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Expected = new Dictionary<string, string>
    {
        ["QuickStart"] = "loaded back as DeepDetectorTransformer",
        ["CompareWithBuiltIns"] = "SR-CNN (shipped network)",
        ["AutoSelect"] = "Chosen: ",
        ["SaveLoad"] = "identical scores on all 10,320 rows",
        ["Streaming"] = "identical predictions to an engine that never stopped",
    };

    /// <summary>The samples' names.</summary>
    internal static IEnumerable<string> Samples => Expected.Keys;

    public static TheoryData<string> Names => new(Expected.Keys);

    private static string SampleDll(string name)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        return Path.Combine(RepositoryRoot.Find(), "samples", name, "bin", configuration, "net10.0", name + ".dll");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SampleRunsAndPrintsItsResult(string sample)
    {
        var expected = Expected[sample];
        using var folder = new TemporaryFolder();

        var run = CliProcess.RunDll(SampleDll(sample), folder.Path);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains(expected, run.Output);
    }
}
