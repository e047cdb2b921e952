using MLNetAnomaly.Cli.Data;
using MLNetAnomaly.Core.Data;
using ScottPlot;

namespace MLNetAnomaly.Cli.Plotting;

/// <summary>
/// Draws a scores CSV (as <c>detect</c> writes it): the series, the detector's expected value where the file has an
/// <c>expected</c> column, the alerts as red points, and labelled anomalies as shaded spans when labels are given.
/// </summary>
internal static class ScoresPlot
{
    /// <summary>Writes the picture of <paramref name="scoresPath"/> to <paramref name="pngPath"/>; returns the number of alerts drawn.</summary>
    /// <param name="scoresPath">A CSV with columns timestamp, value, alert (and optionally expected).</param>
    /// <param name="pngPath">The PNG to write.</param>
    /// <param name="width">Picture width in pixels.</param>
    /// <param name="height">Picture height in pixels.</param>
    /// <param name="labels">Optional 0/1 label of every row.</param>
    internal static int Write(string scoresPath, string pngPath, int width, int height, IReadOnlyList<bool>? labels = null)
    {
        var table = CsvTable.Read(scoresPath);
        var values = table.DoubleColumn(table.ColumnIndex("value"));
        var alerts = table.DoubleColumn(table.ColumnIndex("alert"));
        var expectedIndex = Array.FindIndex(table.Header, h => h.Equals("expected", StringComparison.OrdinalIgnoreCase));
        if (labels is not null && labels.Count != values.Length)
        {
            throw new CliException($"The labels have {labels.Count} rows but {Path.GetFileName(scoresPath)} has {values.Length}.");
        }

        var plot = new Plot();
        var xs = Enumerable.Range(0, values.Length).Select(i => (double)i).ToArray();
        if (labels is not null)
        {
            foreach (var (start, end) in Runs(labels))
            {
                var span = plot.Add.HorizontalSpan(start - 0.5, end + 0.5);
                span.FillStyle.Color = Colors.Orange.WithAlpha(0.25);
                span.LineStyle.Width = 0;
            }
        }

        // The expected value goes under the series, wide and pale, so both stay visible where they agree.
        if (expectedIndex >= 0)
        {
            var expected = table.DoubleColumn(expectedIndex);
            var line = plot.Add.ScatterLine(xs, expected);
            line.LegendText = "expected";
            line.LineWidth = 3;
            line.Color = Colors.Green.WithAlpha(0.35);
        }

        var series = plot.Add.ScatterLine(xs, values);
        series.LegendText = "value";
        series.LineWidth = 1;
        series.Color = Colors.Navy;

        var alerted = Enumerable.Range(0, values.Length).Where(i => alerts[i] > 0).ToArray();
        if (alerted.Length > 0)
        {
            var markers = plot.Add.ScatterPoints(alerted.Select(i => xs[i]).ToArray(), alerted.Select(i => values[i]).ToArray());
            markers.LegendText = "alert";
            markers.Color = Colors.Red;
            markers.MarkerSize = 7;
        }

        plot.Title(Path.GetFileName(scoresPath));
        plot.XLabel($"row (first {table.Rows[0][0]}, last {table.Rows[^1][0]})");
        plot.YLabel("value");
        plot.ShowLegend(Alignment.UpperLeft);
        SafeFile.WriteThrough(pngPath, temporary => plot.SavePng(temporary, width, height));
        return alerted.Length;
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
