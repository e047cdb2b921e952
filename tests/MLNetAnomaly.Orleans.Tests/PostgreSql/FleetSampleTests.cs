using System.Diagnostics;

namespace MLNetAnomaly.Orleans.Tests.PostgreSql;

/// <summary>samples/Fleet: two silo processes on PostgreSQL, one killed halfway, every series checked.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class FleetSampleTests
{
    [SkippableFact]
    [Trait("Category", "Slow")]
    public void TheSampleKillsASiloAndEverySeriesContinuesWithNothingLost()
    {
        var connection = Environment.GetEnvironmentVariable(PostgreSqlCollection.Variable);
        Skip.If(string.IsNullOrWhiteSpace(connection), "MLNETANOMALY_POSTGRES is not set: start a server with build/postgres.sh (as .ci/run does) to run the fleet sample.");
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var sample = Path.Combine(RepositoryRoot(), "samples", "Fleet", "bin", configuration, "net10.0", "Fleet.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { sample, "--series", "300", "--points", "80" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var reading = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the sample did not finish within 4 minutes");
        }

        var output = reading.Result;
        Assert.True(process.ExitCode == 0, output + error.Result);
        Assert.Contains("killing the silo on port 11112", output);
        Assert.Contains("every one of 300 series continued on the surviving silo: nothing lost, nothing counted twice", output);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MLNetAnomaly.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("MLNetAnomaly.sln was not found above the test assembly.");
    }
}
