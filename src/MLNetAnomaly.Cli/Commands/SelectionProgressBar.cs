using Microsoft.ML;
using Spectre.Console;
using MLNetAnomaly.Selection;

namespace MLNetAnomaly.Cli.Commands;

/// <summary>Runs a detector selection behind a progress bar: one step per trial, naming the trial just finished.</summary>
internal static class SelectionProgressBar
{
    /// <summary>Runs <paramref name="experiment"/> on <paramref name="data"/>; <paramref name="options"/> gives the trial budget shown.</summary>
    internal static DetectorSelectionResult Run(DetectorSelectionExperiment experiment, IDataView data, DetectorSelectionOptions options)
    {
        DetectorSelectionResult? result = null;
        var trials = options.MaxTrials ?? (options.MaxTime is null ? DetectorSelectionOptions.DefaultMaxTrials : (int?)null);
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                // With only a time budget the number of trials is unknown: the bar then follows the time.
                var budget = options.MaxTime;
                var task = context.AddTask("selection", maxValue: trials ?? budget!.Value.TotalSeconds);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                result = experiment.Run(data, new SynchronousProgress<TrialResult>(trial =>
                {
                    // Successive halving reports trials out of number order (a rung's survivors come back later): the bar
                    // only moves forward.
                    task.Value = Math.Max(task.Value, trials is null ? Math.Min(clock.Elapsed.TotalSeconds, task.MaxValue) : Math.Min(trial.Number, task.MaxValue));
                    task.Description = Markup.Escape($"trial {trial.Number}: {trial.Detector}");
                }));
                task.Value = task.MaxValue;
                task.Description = "selection";
            });

        return result ?? throw new InvalidOperationException("Selection returned no result.");
    }
}
