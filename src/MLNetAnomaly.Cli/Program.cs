using System.CommandLine;
using MLNetAnomaly.Cli.Commands;

namespace MLNetAnomaly.Cli;

/// <summary>Entry point of the <c>mlnet-anomaly</c> tool.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("Detect anomalies in time series (CSV files) with MLNetAnomaly's detectors.")
        {
            DetectCommand.Create(),
            ScoreCommand.Create(),
            EvaluateCommand.Create(),
            BenchCommand.Create(),
            PlotCommand.Create(),
            SelectCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
