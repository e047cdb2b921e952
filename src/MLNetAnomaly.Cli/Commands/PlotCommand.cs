using System.CommandLine;
using MLNetAnomaly.Cli.Data;
using MLNetAnomaly.Cli.Plotting;
using MLNetAnomaly.Core.Data;

namespace MLNetAnomaly.Cli.Commands;

/// <summary><c>plot SCORES.csv</c>: a PNG of a scores file, with alerts, expected values and optional labels.</summary>
internal static class PlotCommand
{
    /// <summary>Builds the command.</summary>
    internal static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A scores CSV written by detect (timestamp, value, alert, score, p_value[, expected])." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "PNG to write (default: the file's name with .png, in the current folder)." };
        var width = new Option<int>("--width") { Description = "Width in pixels.", DefaultValueFactory = _ => 1400 };
        var height = new Option<int>("--height") { Description = "Height in pixels.", DefaultValueFactory = _ => 700 };
        var labels = new Option<FileInfo?>("--labels") { Description = "Optional CSV with a 0/1 'label' column, one row per row of FILE, drawn as shaded spans." };
        var trainRows = new Option<int?>("--train-rows") { Description = "Rows, from the start, the detector was fitted on: shaded as the training stretch (detect --plot shades it itself)." };
        var scoreThreshold = new Option<double?>("--score-threshold") { Description = "The alert rule's score threshold, drawn on the score panel (default: the lowest alerted score, so labelled)." };
        var channels = new Option<string?>("--value-columns") { Description = "Other columns of FILE to draw with the value, comma-separated (the other channels of a model fitted on several columns); every series is then standardised to share the panel." };
        var command = new Command("plot", "Draw a scores CSV as a PNG: the series with the expected value, the alerts and, if given, the labelled anomalies; below, the score and the threshold; the training stretch and the warm-up shaded.")
        {
            file, output, width, height, labels, trainRows, scoreThreshold, channels,
        };

        CommandRunner.SetBody(command, result =>
        {
            var input = result.GetValue(file)!;
            var (w, h) = (result.GetValue(width), result.GetValue(height));
            if (w < 100 || h < 100 || w > 20_000 || h > 20_000)
            {
                throw new CliException($"--width and --height must be between 100 and 20000 pixels; they were {w} and {h}.");
            }

            var labelValues = result.GetValue(labels) is { } labelFile ? ReadLabels(labelFile.FullName) : null;
            var png = result.GetValue(output)?.FullName ?? Path.GetFileNameWithoutExtension(input.Name) + ".png";
            SafeFile.CheckOutput(png, "--output", input.FullName, result.GetValue(labels)?.FullName);
            var alerts = ScoresPlot.Write(input.FullName, png, w, h, labelValues, new ScoresPlot.Marks(result.GetValue(trainRows), result.GetValue(scoreThreshold), result.GetValue(channels)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            Console.WriteLine($"Plot of {input.Name} ({alerts:N0} alerts) written to {png} ({w}x{h})");
        });
        return command;
    }

    private static bool[] ReadLabels(string path)
    {
        var table = CsvTable.Read(path);
        return Array.ConvertAll(table.DoubleColumn(table.ColumnIndex("label")), v => v > 0.5);
    }
}
