using System.CommandLine;
using System.Globalization;
using MLNetAnomaly.Cli.Data;
using MLNetAnomaly.Core.Data;
using MLNetAnomaly.Core.Metrics.Nab;
using MLNetAnomaly.Evaluation;

namespace MLNetAnomaly.Cli.Commands;

/// <summary>
/// <c>evaluate SCORES.csv</c>: a scores file against labels, which come from a column of the scores file (detect and
/// score copy the input's columns), from a CSV file with one row per row, or from NAB's windows JSON. Prints
/// point, event and range figures, AUC-PR and VUS-PR, and NAB's three scores of the alerts when the labels are NAB's.
/// </summary>
internal static class EvaluateScores
{
    /// <summary>Adds the scores argument, its options and its action to the <c>evaluate</c> command.</summary>
    internal static void AddTo(Command evaluate)
    {
        var scores = new Argument<FileInfo?>("scores") { Description = "A scores CSV written by detect or score.", Arity = ArgumentArity.ZeroOrOne };
        var labels = new Option<FileInfo?>("--labels") { Description = "Labels: a CSV with one row per row of SCORES and a 0/1 label column (named by --label-column, default 'label'), or NAB's windows JSON (labels/combined_windows.json)." };
        var labelColumn = new Option<string?>("--label-column") { Description = "The 0/1 label column: in the --labels CSV, or, without --labels, in the scores file itself (default 'label')." };
        var trainRows = new Option<int?>("--train-rows") { Description = "Leave out the first N rows, which the detector was fitted on (as bench does); default: evaluate every row, the warm-up included." };
        var series = new Option<string?>("--series") { Description = "With NAB's windows JSON: the series' key, such as realKnownCause/nyc_taxi.csv (default: the key whose file name matches SCORES')." };
        evaluate.Arguments.Add(scores);
        evaluate.Options.Add(labels);
        evaluate.Options.Add(labelColumn);
        evaluate.Options.Add(series);
        evaluate.Options.Add(trainRows);
        CommandRunner.SetBody(evaluate, result =>
        {
            var scoresFile = result.GetValue(scores) ?? throw new CliException("Give a scores file (evaluate SCORES.csv --labels FILE | --label-column NAME), or use 'evaluate nab --results DIR'.");
            var file = ScoresFile.Read(scoresFile.FullName);
            var labelsFile = result.GetValue(labels);
            NabSeries? nab = null;
            bool[] truth;
            string source;
            if (labelsFile is not null && labelsFile.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
            {
                var (windowLabels, nabSeries) = NabLabels(file, scoresFile, labelsFile, result.GetValue(series));
                (truth, nab) = (windowLabels, nabSeries);
                source = $"NAB's windows for {nabSeries.Name}";
            }
            else if (labelsFile is not null)
            {
                truth = CsvLabels(file, labelsFile.FullName, result.GetValue(labelColumn) ?? "label");
                source = labelsFile.Name;
            }
            else
            {
                var column = result.GetValue(labelColumn) ?? "label";
                if (!file.Table.Header.Contains(column, StringComparer.OrdinalIgnoreCase))
                {
                    throw new CliException($"{scoresFile.Name} has no label column '{column}' (its columns are: {string.Join(", ", file.Table.Header)}); give --labels FILE, or --label-column NAME for a column it has.");
                }

                truth = Labels(file.Table, column);
                source = $"column '{column}'";
            }

            var skip = result.GetValue(trainRows) ?? 0;
            if (skip < 0 || skip >= file.Count)
            {
                throw new CliException($"--train-rows must leave rows to evaluate: between 0 and {file.Count - 1:N0} for {scoresFile.Name}; it was {skip}.");
            }

            var ranked = file.Scores.Select(s => double.IsNaN(s) ? 0 : s).ToArray();
            var report = DetectionEvaluation.Evaluate(truth[skip..], ranked[skip..], file.Alerts[skip..]);
            Console.WriteLine($"{scoresFile.Name}: {file.Count - skip:N0} rows evaluated{(skip > 0 ? $" (after the {skip:N0} training rows)" : string.Empty)}, {truth[skip..].Count(t => t):N0} labelled anomalous ({source}), {file.Alerts[skip..].Count(a => a):N0} alerts.");
            Console.WriteLine();
            Console.WriteLine("| figure | precision | recall | F1 |");
            Console.WriteLine("|---|---:|---:|---:|");
            Row("point", report.Precision, report.Recall, report.F1);
            Row("event", report.EventPrecision, report.EventRecall, report.EventF1);
            Row("range", report.RangePrecision, report.RangeRecall, report.RangeF1);
            Console.WriteLine();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "Ranking by score: AUC-PR {0:F3}, VUS-PR {1:F3}, AUC-ROC {2:F3}, best point F1 {3:F3} at score >= {4:G4}.",
                report.AucPr, report.VusPr, report.AucRoc, report.BestF1, report.BestF1Threshold));
            if (nab is not null)
            {
                var alerts = new[] { nab with { Scores = file.Alerts.Select(a => a ? 1.0 : 0.0).ToArray() } };
                Console.WriteLine(string.Join(", ", NabProfile.All.Select(profile => string.Format(CultureInfo.InvariantCulture, "{0} {1:F2}", profile.Name, NabScorer.ScoreAtThreshold(alerts, profile, 0.5).Normalized)))
                    .Insert(0, "NAB scores of the alerts (one series; NAB's published scores are over its whole corpus): "));
            }
        });
    }

    private static void Row(string name, double precision, double recall, double f1)
        => Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F3} | {2:F3} | {3:F3} |", name, precision, recall, f1));

    // A label is a number: above 0.5 anomalous; an empty field is an error, not a normal row.
    private static bool[] Labels(CsvTable table, string column)
    {
        var index = table.ColumnIndex(column);
        var values = table.DoubleColumn(index);
        var missing = Array.FindIndex(values, double.IsNaN);
        return missing < 0 ? Array.ConvertAll(values, v => v > 0.5)
            : throw new CliException($"{table.Path}, line {table.LineNumbers[missing]}: the label in column '{table.Header[index]}' is empty; every row needs a 0 or a 1.");
    }

    // A labels CSV: one row per row of the scores; where both have timestamps, they must agree row by row.
    private static bool[] CsvLabels(ScoresFile file, string path, string column)
    {
        var table = CsvTable.Read(path);
        var labels = Labels(table, column);
        if (labels.Length != file.Count)
        {
            throw new CliException($"The labels have {labels.Length:N0} rows but the scores file has {file.Count:N0}; give one label per scored row.");
        }

        var time = Array.FindIndex(table.Header, h => h.Equals("timestamp", StringComparison.OrdinalIgnoreCase));
        if (time >= 0)
        {
            var scored = file.Table.ColumnIndex("timestamp");
            for (var i = 0; i < labels.Length; i++)
            {
                if (!string.Equals(table.Rows[i][time].Trim(), file.Table.Rows[i][scored].Trim(), StringComparison.Ordinal))
                {
                    throw new CliException($"{path}, line {table.LineNumbers[i]}: timestamp '{table.Rows[i][time]}' does not match the scores file's '{file.Table.Rows[i][scored]}' on its line {file.Table.LineNumbers[i]}; the labels must be in the same rows.");
                }
            }
        }

        return labels;
    }

    // NAB's windows: a row is anomalous when its timestamp lies in one of the series' windows.
    private static (bool[] Labels, NabSeries Series) NabLabels(ScoresFile file, FileInfo scores, FileInfo windowsFile, string? key)
    {
        var windows = NabCorpus.ReadWindows(windowsFile.FullName);
        var stem = scores.Name.EndsWith(".scores.csv", StringComparison.OrdinalIgnoreCase) ? scores.Name[..^".scores.csv".Length] : Path.GetFileNameWithoutExtension(scores.Name);
        if (key is null)
        {
            var matches = windows.Keys.Where(k => Path.GetFileNameWithoutExtension(k).Equals(stem, StringComparison.OrdinalIgnoreCase)).ToList();
            key = matches.Count == 1 ? matches[0]
                : throw new CliException(matches.Count == 0
                    ? $"No series of {windowsFile.Name} is named like {scores.Name}; give --series KEY{(windows.Count > 0 ? $" (for example {windows.Keys.First()})" : string.Empty)}."
                    : $"Several series of {windowsFile.Name} are named like {scores.Name} ({string.Join(", ", matches)}); give --series KEY.");
        }
        if (!windows.TryGetValue(key, out var seriesWindows))
        {
            throw new CliException($"{windowsFile.Name} has no series '{key}'.");
        }

        var timestamps = TimestampColumn.Read(file.Table, file.Table.ColumnIndex("timestamp"), requireOrder: false);
        if (timestamps.Form is not (TimestampForm.DateTime or TimestampForm.UnixSeconds or TimestampForm.UnixMilliseconds))
        {
            throw new CliException($"{scores.Name}'s timestamps are {TimestampColumn.Describe(timestamps.Form)}; NAB's windows are dates, so they need the series' dates.");
        }

        var times = timestamps.Times;
        var labels = times.Select(t => seriesWindows.Any(w => t >= w.Start && t <= w.End)).ToArray();
        return (labels, new NabSeries(key, times, file.Scores, seriesWindows));
    }
}
