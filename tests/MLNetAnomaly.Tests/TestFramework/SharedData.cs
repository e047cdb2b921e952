namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>
/// Finds the project's shared data folder (<c>../shared/data</c> beside the repository). Tests that need it call
/// <see cref="NabOrSkip"/>; where it is absent they stop early with a message saying so.
/// </summary>
internal static class SharedData
{
    /// <summary>The NAB corpus folder; skips the calling [SkippableFact] with a clear message when it is absent.</summary>
    internal static string NabOrSkip()
    {
        var folder = NabFolder();
        Skip.If(folder is null, "../shared/data/nab (the NAB corpus) is not beside the repository, so this test has nothing to read.");
        return folder!;
    }

    /// <summary>The NAB corpus folder, or null when ../shared is not beside the repository.</summary>
    internal static string? NabFolder() => Find("nab", "labels");

    /// <summary>
    /// The folder of official ML.NET 5.0.1 outputs (<c>../shared/data/mlnet-reference</c>); skips the calling test
    /// with a clear message when it is absent.
    /// </summary>
    internal static string MlNetReferenceOrSkip()
    {
        var folder = Find("mlnet-reference", "README.md");
        Skip.If(folder is null, "../shared/data/mlnet-reference (the official ML.NET detectors' outputs) is not beside the repository, so there is nothing to compare with.");
        return folder!;
    }

    private static string? Find(string name, string marker)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", name);
            if (Path.Exists(Path.Combine(candidate, marker)))
            {
                return candidate;
            }
        }

        return null;
    }
}
