namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>Finds the repository (the folder with MLNetAnomaly.sln) above the test assembly.</summary>
internal static class RepositoryRoot
{
    /// <summary>The repository's root folder.</summary>
    internal static string Find()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MLNetAnomaly.sln")))
        {
            root = root.Parent;
        }

        Assert.True(root is not null, $"The repository root (with MLNetAnomaly.sln) was not found above {AppContext.BaseDirectory}.");
        return root!.FullName;
    }
}
