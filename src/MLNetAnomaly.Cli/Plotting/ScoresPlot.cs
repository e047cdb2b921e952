using MLNetAnomaly.Cli.Data;
using MLNetAnomaly.Core.Data;
using ScottPlot;
using SkiaSharp;

namespace MLNetAnomaly.Cli.Plotting;

/// <summary>
/// Draws a scores file (<see cref="ScoresFile"/>) as two panels over one time axis. The upper panel holds the series,
/// the detector's expected value drawn over it with the gap between them shaded, and the alerts as red points. The
/// lower panel holds the score, with the alert threshold when known (else the lowest alerted score). Both panels shade
/// the training stretch (when given) and the warm-up (the leading rows the detector could not yet judge). Labelled
/// anomalies are shaded when labels are given. The x axis shows dates when the timestamps are dates or Unix times,
/// else row numbers.
/// </summary>
internal static class ScoresPlot
{
    /// <summary>What the scores file does not hold but a picture should show.</summary>
    /// <param name="TrainingRows">Rows, from the start, the detector was fitted on.</param>
    /// <param name="ScoreThreshold">The score at and above which the alert rule alerts.</param>
    /// <param name="Channels">
    /// Other columns of the scores file drawn with the value (the other channels of a detector fitted on several
    /// columns). With any, every channel is standardised (mean 0, standard deviation 1 over its finite values) and
    /// drawn in its own band, named on the y axis, and alerts are vertical lines across the bands.
    /// </param>
    /// <param name="ValueName">The name of the value column in the legend (the first channel's CSV name).</param>
    internal sealed record Marks(int? TrainingRows = null, double? ScoreThreshold = null, IReadOnlyList<string>? Channels = null, string ValueName = "value");

    /// <summary>Writes the picture of <paramref name="scoresPath"/> to <paramref name="pngPath"/>; returns the number of alerts drawn.</summary>
    /// <param name="scoresPath">A scores file.</param>
    /// <param name="pngPath">The PNG to write.</param>
    /// <param name="width">Picture width in pixels.</param>
    /// <param name="height">Picture height in pixels.</param>
    /// <param name="labels">Optional 0/1 label of every row.</param>
    /// <param name="marks">The training stretch and the threshold, when known.</param>
    internal static int Write(string scoresPath, string pngPath, int width, int height, IReadOnlyList<bool>? labels = null, Marks? marks = null)
    {
        var file = ScoresFile.Read(scoresPath);
        if (labels is not null && labels.Count != file.Count)
        {
            throw new CliException($"The labels have {labels.Count} rows but {Path.GetFileName(scoresPath)} has {file.Count}.");
        }

        marks ??= new Marks();
        if (marks.TrainingRows is { } rows && (rows < 0 || rows > file.Count))
        {
            throw new CliException($"--train-rows must be between 0 and the {file.Count:N0} rows of {Path.GetFileName(scoresPath)}; it was {rows}.");
        }

        var (xs, dates) = XAxis(file);
        var warmUp = WarmUpRows(file);
        var series = new Plot();
        var scores = new Plot();
        foreach (var plot in new[] { series, scores })
        {
            if (dates)
            {
                // Before anything is added: plottables keep the axis they were added on.
                plot.Axes.DateTimeTicksBottom();
            }

            Shade(plot, xs, 0, warmUp, Colors.Gray.WithAlpha(0.18), plot == series && warmUp > 0 ? "warm-up" : null);
            if (marks.TrainingRows is { } training && training > 0)
            {
                Shade(plot, xs, 0, training, Colors.SteelBlue.WithAlpha(0.10), plot == series ? "training" : null);
            }

            if (labels is not null)
            {
                var first = true;
                foreach (var (start, end) in Runs(labels))
                {
                    Shade(plot, xs, start, end + 1, Colors.Orange.WithAlpha(0.30), plot == series && first ? "labelled" : null);
                    first = false;
                }
            }
        }

        var alerted = Enumerable.Range(0, file.Count).Where(i => file.Alerts[i]).ToArray();
        IEnumerable<double> drawn;
        if (marks.Channels is { Count: > 0 } channelNames)
        {
            drawn = DrawChannels(series, xs, file, marks.ValueName, channelNames, alerted);
        }
        else
        {
            drawn = DrawSeries(series, xs, file, alerted);
        }

        var score = scores.Add.ScatterLine(xs, file.Scores.Select(s => double.IsFinite(s) ? s : double.NaN).ToArray());
        score.LegendText = "score";
        score.LineWidth = 1;
        score.Color = Colors.DarkMagenta;
        var threshold = marks.ScoreThreshold ?? (alerted.Length > 0 ? alerted.Min(i => file.Scores[i]) : (double?)null);
        if (threshold is { } level && double.IsFinite(level))
        {
            var rule = scores.Add.HorizontalLine(level);
            rule.LegendText = marks.ScoreThreshold is null ? "lowest alerted score" : "alert threshold";
            rule.Color = Colors.Red;
            rule.LinePattern = LinePattern.Dashed;
            rule.LineWidth = 1;
        }

        series.Title(Path.GetFileName(scoresPath));
        series.YLabel(marks.Channels is { Count: > 0 } ? "standardised channels" : "value");
        scores.YLabel("score");
        scores.XLabel(dates ? "time (UTC)" : "row");
        FitY(series, drawn);
        FitY(scores, file.Scores.Append(threshold ?? double.NaN));
        // Wide enough for the y label, the tick labels and, with several channels, the longest channel name.
        var longestName = marks.Channels is { Count: > 0 } names ? names.Append(marks.ValueName).Max(n => n.Length) : 0;
        var leftAxis = Math.Max(80, 60 + 7.5f * longestName);
        foreach (var plot in new[] { series, scores })
        {
            plot.Axes.SetLimitsX(xs[0], xs[^1] + (xs.Length > 1 ? 0 : 1));
            plot.Axes.Left.MinimumSize = leftAxis; // the same data width in both panels, so rows line up
            plot.ShowLegend(Alignment.UpperLeft);
        }

        var upper = (int)Math.Round(height * 0.65);
        SafeFile.Write(pngPath, stream =>
        {
            // Each panel on its own surface (a plot paints its whole canvas), then both onto the picture.
            using var surface = SKSurface.Create(new SKImageInfo(width, height));
            surface.Canvas.Clear(SKColors.White);
            var top = 0;
            foreach (var (plot, panelHeight) in new[] { (series, upper), (scores, height - upper) })
            {
                using var panel = SKSurface.Create(new SKImageInfo(width, panelHeight));
                plot.Render(panel);
                using var picture = panel.Snapshot();
                surface.Canvas.DrawImage(picture, 0, top);
                top += panelHeight;
            }

            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            png.SaveTo(stream);
        });
        return alerted.Length;
    }

    // The value, the expected value over it with the gap shaded, and the alerts as points; returns the values drawn.
    private static IEnumerable<double> DrawSeries(Plot series, double[] xs, ScoresFile file, int[] alerted)
    {
        var value = series.Add.ScatterLine(xs, file.Values);
        value.LegendText = "value";
        value.LineWidth = 1;
        value.Color = Colors.Navy;
        if (file.Expected is { } expected)
        {
            // The gap between what came and what was expected, shaded; the expected line over the series, not under it.
            var (upperEdge, lowerEdge) = GapEdges(expected, file.Values);
            var gap = series.Add.FillY(xs, upperEdge, lowerEdge);
            gap.FillStyle.Color = Colors.Green.WithAlpha(0.18);
            gap.LineStyle.Width = 0;
            var line = series.Add.ScatterLine(xs, expected);
            line.LegendText = "expected";
            line.LineWidth = 1;
            line.Color = Colors.Green.WithAlpha(0.7);
        }

        if (alerted.Length > 0)
        {
            var markers = series.Add.ScatterPoints(alerted.Select(i => xs[i]).ToArray(), alerted.Select(i => file.Values[i]).ToArray());
            markers.LegendText = "alert";
            markers.Color = Colors.Red;
            markers.MarkerSize = 7;
        }

        return file.Values.Concat(file.Expected ?? Array.Empty<double>());
    }

    // Several channels, each standardised, in distinct colours; an alert belongs to the row, not to one channel, so it
    // is a vertical line. Returns the values drawn.
    private static IEnumerable<double> DrawChannels(Plot series, double[] xs, ScoresFile file, string valueName, IReadOnlyList<string> channelNames, int[] alerted)
    {
        var channels = new List<(string Name, double[] Values)> { (valueName, file.Values) };
        foreach (var name in channelNames)
        {
            var index = Array.FindIndex(file.Table.Header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase) || h.Equals("input_" + name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw new CliException($"--value-columns names '{name}', which {Path.GetFileName(file.Table.Path)} does not have (its columns are: {string.Join(", ", file.Table.Header)}).");
            }

            channels.Add((name, file.Table.DoubleColumn(index)));
        }

        // One band per channel, from the top, BandHeight standard deviations apart; the y ticks name the bands.
        var palette = new ScottPlot.Palettes.Category10();
        var drawn = new List<double>();
        var centres = new double[channels.Count];
        for (var c = 0; c < channels.Count; c++)
        {
            centres[c] = -c * BandHeight;
            var banded = Standardise(channels[c].Values).Select(v => v + centres[c]).ToArray();
            var line = series.Add.ScatterLine(xs, banded);
            line.LineWidth = 1;
            line.Color = palette.GetColor(c);
            drawn.AddRange(banded);
        }

        series.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(centres, channels.Select(c => c.Name).ToArray());

        for (var a = 0; a < alerted.Length; a++)
        {
            var rule = series.Add.VerticalLine(xs[alerted[a]]);
            rule.Color = Colors.Red.WithAlpha(0.55);
            rule.LineWidth = 1;
            if (a == 0)
            {
                rule.LegendText = "alert";
            }
        }

        return drawn;
    }

    // Standard deviations between the centres of two channels' bands.
    private const double BandHeight = 6;

    // (x - mean) / standard deviation over the finite values (Welford's running moments); a constant channel becomes 0.
    private static double[] Standardise(double[] values)
    {
        var (count, mean, squares) = (0, 0.0, 0.0);
        foreach (var value in values.Where(double.IsFinite))
        {
            count++;
            var delta = value - mean;
            mean += delta / count;
            squares += delta * (value - mean);
        }

        var deviation = count > 1 ? Math.Sqrt(squares / (count - 1)) : 0;
        return values.Select(v => !double.IsFinite(v) ? double.NaN : deviation > 0 ? (v - mean) / deviation : 0).ToArray();
    }

    // Dates when the timestamps are dates or Unix times (as OLE automation dates, ScottPlot's date axis), else rows.
    private static (double[] Xs, bool Dates) XAxis(ScoresFile file)
    {
        try
        {
            var timestamps = TimestampColumn.Read(file.Table, file.Table.ColumnIndex("timestamp"), requireOrder: false);
            if (timestamps.Form is TimestampForm.DateTime or TimestampForm.UnixSeconds or TimestampForm.UnixMilliseconds)
            {
                return (timestamps.Times.Select(t => t.ToOADate()).ToArray(), true);
            }
        }
        catch (InvalidDataException)
        {
            // Timestamps that do not parse are drawn by row.
        }

        return (Enumerable.Range(0, file.Count).Select(i => (double)i).ToArray(), false);
    }

    // The leading rows a detector gives score 0, no alert: its warm-up.
    private static int WarmUpRows(ScoresFile file)
    {
        var rows = 0;
        while (rows < file.Count && file.Scores[rows] == 0 && !file.Alerts[rows])
        {
            rows++;
        }

        return rows == file.Count ? 0 : rows;
    }

    private static void Shade(Plot plot, double[] xs, int start, int end, Color color, string? legend)
    {
        if (end <= start)
        {
            return;
        }

        var step = xs.Length > 1 ? (xs[^1] - xs[0]) / (xs.Length - 1) : 1;
        var span = plot.Add.HorizontalSpan(xs[start] - step / 2, xs[end - 1] + step / 2);
        span.FillStyle.Color = color;
        span.LineStyle.Width = 0;
        if (legend is not null)
        {
            span.LegendText = legend;
        }
    }

    // The y range of the finite values, padded; a flat series gets a unit range. ScottPlot's automatic limits would
    // include non-finite values and leave a single tick.
    private static void FitY(Plot plot, IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            plot.Axes.SetLimitsY(0, 1);
            return;
        }

        var (low, high) = (finite.Min(), finite.Max());
        var pad = high > low ? (high - low) * 0.05 : Math.Max(Math.Abs(high) * 0.05, 1);
        plot.Axes.SetLimitsY(low - pad, high + pad);
    }

    // The edges of the shaded gap: the expected value and the value, each replaced where it is missing (by the other,
    // else by the last edge drawn), so the gap is empty during warm-up and at missing values.
    private static (double[] Expected, double[] Values) GapEdges(double[] expected, double[] values)
    {
        var (top, bottom) = (new double[values.Length], new double[values.Length]);
        var last = values.Concat(expected).FirstOrDefault(double.IsFinite);
        for (var i = 0; i < values.Length; i++)
        {
            var (e, v) = (double.IsFinite(expected[i]) ? expected[i] : double.NaN, double.IsFinite(values[i]) ? values[i] : double.NaN);
            top[i] = double.IsNaN(e) ? (double.IsNaN(v) ? last : v) : e;
            bottom[i] = double.IsNaN(v) ? top[i] : v;
            last = bottom[i];
        }

        return (top, bottom);
    }

    private static IEnumerable<(int Start, int End)> Runs(IReadOnlyList<bool> labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (!labels[i])
            {
                continue;
            }

            var start = i;
            while (i + 1 < labels.Count && labels[i + 1])
            {
                i++;
            }

            yield return (start, i);
        }
    }
}
