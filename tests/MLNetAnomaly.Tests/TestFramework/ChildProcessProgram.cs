using Microsoft.ML;

namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>
/// The test assembly's entry point, used only when a test starts the assembly as a child process
/// (<see cref="Start"/>): the child writes one file over and over until it is killed. Test runners load the assembly
/// and never call it.
/// </summary>
internal static class ChildProcessProgram
{
    /// <summary>Writes checkpoints (<c>checkpoints MODEL PATH</c>) or models (<c>models MODEL PATH</c>) of MODEL to PATH until killed.</summary>
    public static int Main(string[] args)
    {
        if (args is not [var mode, var modelPath, var path])
        {
            Console.Error.WriteLine("usage: checkpoints|models MODEL PATH");
            return 2;
        }

        var ml = new MLContext(seed: 1);
        var model = ml.Model.LoadDetectorModel(modelPath, out var schema);
        if (mode == "models")
        {
            while (true)
            {
                ml.Model.SaveDetectorModel(model, schema, path);
            }
        }

        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);
        for (var i = 0; ; i++)
        {
            engine.Predict((float)Math.Sin(i / 5.0));
            engine.Checkpoint(path);
        }
    }

    /// <summary>Starts this assembly as a child process with <paramref name="arguments"/>.</summary>
    internal static System.Diagnostics.Process Start(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ChildProcessProgram).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return System.Diagnostics.Process.Start(start)!;
    }
}
