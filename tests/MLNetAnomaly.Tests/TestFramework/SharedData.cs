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
    internal static string? NabFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "nab");
            if (Directory.Exists(Path.Combine(candidate, "labels")))
            {
                return candidate;
            }
        }

        return null;
    }
}
