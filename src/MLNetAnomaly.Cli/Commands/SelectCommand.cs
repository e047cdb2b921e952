using System.CommandLine;
using System.Globalization;
using MLNetAnomaly.Cli.Data;
using MLNetAnomaly.Core.Data;
using MLNetAnomaly.Selection;
using Microsoft.ML;
using Spectre.Console;

namespace MLNetAnomaly.Cli.Commands;

/// <summary>
/// <c>select FILE</c>: runs detector selection on a CSV series (with a label column, or without labels), prints the
/// leaderboard and optionally saves the chosen model.
/// </summary>
internal static class SelectCommand
{
    private sealed class SeriesValue
    {
        public float Value { get; set; }
    }

    private sealed class LabelledPoint
    {
        public float Value { get; set; }

        public bool Label { get; set; }
    }

    /// <summary>Builds the command.</summary>
    internal static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV file with a header and a value column (and, for labelled selection, a 0/1 label column)." };
        var valueColumn = new Option<string>("--value-column") { Description = "Name of the value column.", DefaultValueFactory = _ => "value" };
        var labelColumn = new Option<string?>("--label-column") { Description = "Name of a 0/1 label column: labelled selection by event F1. Without it, selection is unsupervised." };
        var maxTrials = new Option<int?>("--max-trials") { Description = "Most trials (default 12 when no --max-seconds)." };
        var maxSeconds = new Option<double?>("--max-seconds") { Description = "A deadline: no trial starts after it, a network in training stops within one batch, and the best model so far is returned." };
        var detectors = new Option<string?>("--detectors", "-d") { Description = $"Comma-separated detectors to consider (default: all: {string.Join(", ", DetectorRegistry.AllDetectorNames)})." };
        var ensemble = new Option<int>("--ensemble") { Description = "Combine the best N trials into a calibrated ensemble (1: the best detector alone).", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the trial order, injections and fits.", DefaultValueFactory = _ => 1 };
        var parallel = new Option<int>("--parallel") { Description = "Trials run at once (results do not depend on it).", DefaultValueFactory = _ => 1 };
        var noHalving = new Option<bool>("--no-halving") { Description = "Train every deep trial in full instead of successive halving over epochs." };
        var saveModel = new Option<FileInfo?>("--save-model") { Description = "Save the chosen model (an ML.NET zip) to this path." };
        var command = new Command("select", "Choose a detector and its settings for a series (with or without labels) and print the leaderboard.")
        {
            file, valueColumn, labelColumn, maxTrials, maxSeconds, detectors, ensemble, seed, parallel, noHalving, saveModel,
        };
        var threads = CommandRunner.ThreadsOption();
        command.Options.Add(threads);
        var (timestampColumn, timeOrder) = TimeOrderOption.AddOptionalTimestamps(command);

        CommandRunner.SetBody(command, result =>
        {
            CommandRunner.ApplyThreads(result, threads);
            var input = result.GetValue(file)!;
            if (result.GetValue(saveModel) is { } modelPath)
            {
                SafeFile.CheckOutput(modelPath.FullName, "--save-model", input.FullName);
            }

            var table = TimeOrderOption.Apply(CsvTable.Read(input.FullName), result.GetValue(timestampColumn), TimeOrderOption.Value(result, timeOrder));
            var values = table.NumericColumn(table.ColumnIndex(result.GetValue(valueColumn)!));
            var label = result.GetValue(labelColumn);
            var labels = label is null ? null : table.DoubleColumn(table.ColumnIndex(label));
            var ml = new MLContext(seed: result.GetValue(seed));
            var data = ml.Data.LoadFromEnumerable(values.Select((v, i) => new LabelledPoint { Value = v, Label = labels is not null && labels[i] > 0.5 }).ToList());
            var options = new DetectorSelectionOptions
            {
                InputColumnName = nameof(LabelledPoint.Value),
                LabelColumnName = label is null ? null : nameof(LabelledPoint.Label),
                MaxTrials = result.GetValue(maxTrials),
                MaxTime = result.GetValue(maxSeconds) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Detectors = result.GetValue(detectors)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                EnsembleSize = result.GetValue(ensemble),
                Seed = result.GetValue(seed),
                MaxParallelTrials = result.GetValue(parallel),
                SuccessiveHalving = !result.GetValue(noHalving),
            };
            var experiment = ml.AnomalyDetection.CreateDetectorSelection(options);
            Console.WriteLine($"Selecting on {input.Name} ({values.Length:N0} points, {(label is null ? "no labels" : $"labels '{label}'")})...");
            var selection = SelectionProgressBar.Run(experiment, data, options);

            var leaderboard = new Table().AddColumns("#", "detector", "settings", "epochs", label is null ? "consensus" : "metric", "seconds");
            foreach (var trial in selection.Leaderboard)
            {
                leaderboard.AddRow(
                    trial.Number.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(trial.Detector),
                    Markup.Escape(trial.Settings),
                    trial.Epochs > 0 ? trial.Epochs.ToString(CultureInfo.InvariantCulture) : string.Empty,
                    trial.Error is null ? trial.Metric.ToString("F3", CultureInfo.InvariantCulture) : Markup.Escape("failed: " + trial.Error),
                    trial.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(leaderboard);
            if (label is null)
            {
                Console.WriteLine("consensus: the trials' robust rank consensus over the injected-anomaly measures, the quiet of the clean rows and centrality (docs/selection.md).");
            }

            Console.WriteLine($"Chose {selection.Best.Detector} ({selection.Best.Settings}){(options.EnsembleSize > 1 ? $", in an ensemble of the top {options.EnsembleSize}" : string.Empty)}.");
            if (selection.Fallback is { } fallback)
            {
                Console.WriteLine(fallback);
            }

            if (!selection.RefittedOnWholeSeries)
            {
                Console.WriteLine("The time budget left no time to refit it on the whole series: the model is the trial's own, fitted on the first part.");
            }
            if (result.GetValue(saveModel) is { } modelFile)
            {
                // The model needs the series only: saved with the label, it could not score a file without one.
                var seriesSchema = ml.Data.LoadFromEnumerable(Array.Empty<SeriesValue>()).Schema;
                ml.Model.SaveDetectorModel(selection.BestModel, seriesSchema, modelFile.FullName);
                Console.WriteLine($"Model saved to {modelFile.FullName} (it reads the series from a column '{nameof(SeriesValue.Value)}'; score --value-column NAME reads it from another).");
            }
        });
        return command;
    }
}
