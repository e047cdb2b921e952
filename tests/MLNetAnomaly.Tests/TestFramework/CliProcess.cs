using System.Diagnostics;

namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>Runs the CLI (copied into the test output by its project reference) as a separate process.</summary>
internal static class CliProcess
{
    /// <summary>The result of one run.</summary>
    internal sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs <c>dotnet mlnet-anomaly.dll ARGS</c> in <paramref name="workingDirectory"/> and waits at most five minutes.</summary>
    internal static Result Run(string workingDirectory, params string[] arguments)
        => RunDll(Path.Combine(AppContext.BaseDirectory, "mlnet-anomaly.dll"), workingDirectory, arguments);

    /// <summary>Runs <c>dotnet DLL ARGS</c> in <paramref name="workingDirectory"/> and waits at most five minutes.</summary>
    internal static Result RunDll(string cli, string workingDirectory, params string[] arguments)
    {
        Assert.True(File.Exists(cli), $"{Path.GetFileName(cli)} not found at {cli}; build the solution first (dotnet build MLNetAnomaly.sln, or dotnet test at the repository root).");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(
                $"dotnet {Path.GetFileName(cli)} {string.Join(' ', arguments)} (in {workingDirectory}) did not finish within 5 minutes and was stopped. " +
                $"Last output: {Tail(output.Result)} Last errors: {Tail(error.Result)}");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(none)." : string.Join(" / ", lines.TakeLast(5));
    }
}
