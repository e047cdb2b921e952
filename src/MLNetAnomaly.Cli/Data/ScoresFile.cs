using System.Globalization;
using MLNetAnomaly.Core.Data;

namespace MLNetAnomaly.Cli.Data;

/// <summary>
/// The one scores-file format of the CLI, written by <c>detect</c> and <c>score</c> and read by <c>plot</c> and
/// <c>evaluate</c>: <c>timestamp,value,alert,score,p_value</c>, then <c>expected</c> when the detector gives an
/// expected value, then the input file's other columns as they were (a label column, other metrics), so a scores file
/// can be evaluated against labels it carries. Numbers are in round-trip form; alert is 0 or 1.
/// </summary>
internal sealed class ScoresFile
{
    /// <summary>The columns every scores file starts with.</summary>
    internal static readonly string[] Columns = { "timestamp", "value", "alert", "score", "p_value" };

    private ScoresFile(CsvTable table, double[] values, bool[] alerts, double[] scores, double[] pValues, double[]? expected)
    {
        Table = table;
        Values = values;
        Alerts = alerts;
        Scores = scores;
        PValues = pValues;
        Expected = expected;
    }

    /// <summary>The file as read, for its timestamps and its other columns.</summary>
    internal CsvTable Table { get; }

    /// <summary>The series' values.</summary>
    internal double[] Values { get; }

    /// <summary>The alerts.</summary>
    internal bool[] Alerts { get; }

    /// <summary>The scores (higher is more anomalous; NaN where the value was missing).</summary>
    internal double[] Scores { get; }

    /// <summary>The p-values (or the third slot the detector gives).</summary>
    internal double[] PValues { get; }

    /// <summary>The expected values, when the file has them.</summary>
    internal double[]? Expected { get; }

    /// <summary>The number of rows.</summary>
    internal int Count => Values.Length;

    /// <summary>Reads a scores file, naming what is missing when the file is not one.</summary>
    internal static ScoresFile Read(string path)
    {
        var table = CsvTable.Read(path);
        foreach (var column in Columns)
        {
            if (!table.Header.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"{path} is not a scores file: it has no column '{column}'. Scores files are what detect and score write ({string.Join(",", Columns)}[,expected], then the input's other columns); its columns are: {string.Join(", ", table.Header)}.");
            }
        }

        var expected = table.Header.Contains("expected", StringComparer.OrdinalIgnoreCase) ? table.DoubleColumn(table.ColumnIndex("expected")) : null;
        return new ScoresFile(
            table,
            table.DoubleColumn(table.ColumnIndex("value")),
            Array.ConvertAll(table.DoubleColumn(table.ColumnIndex("alert")), a => a > 0),
            table.DoubleColumn(table.ColumnIndex("score")),
            table.DoubleColumn(table.ColumnIndex("p_value")),
            expected);
    }

    /// <summary>Writes scored points (atomically: <see cref="SafeFile"/>).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="points">The scored points, in order: timestamp, value and [alert, score, p-value].</param>
    /// <param name="expected">Optionally, each point's expected value.</param>
    /// <param name="input">Optionally, the input file's table (in the points' order), whose other columns are copied.</param>
    /// <param name="used">The input's columns already written (its timestamp and value columns).</param>
    internal static void Write(string path, IReadOnlyList<ScoredPoint> points, IReadOnlyList<double>? expected = null, CsvTable? input = null, params int[] used)
    {
        var copied = input is null ? Array.Empty<int>() : Enumerable.Range(0, input.Header.Length).Where(i => !used.Contains(i)).ToArray();
        SafeFile.WriteText(path, writer =>
        {
            var header = Columns.Concat(expected is null ? Array.Empty<string>() : new[] { "expected" })
                .Concat(copied.Select(i => Columns.Contains(input!.Header[i], StringComparer.OrdinalIgnoreCase) || input.Header[i].Equals("expected", StringComparison.OrdinalIgnoreCase) ? "input_" + input.Header[i] : input.Header[i]));
            writer.WriteLine(string.Join(",", header.Select(CsvTable.Quote)));
            for (var i = 0; i < points.Count; i++)
            {
                var point = points[i];
                writer.Write(CsvTable.Quote(point.Timestamp));
                writer.Write(',');
                writer.Write(point.Value.ToString("R", CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(point.Prediction[0] > 0 ? '1' : '0');
                writer.Write(',');
                writer.Write(point.Prediction[1].ToString("R", CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(point.Prediction[2].ToString("R", CultureInfo.InvariantCulture));
                if (expected is not null)
                {
                    writer.Write(',');
                    writer.Write(expected[i].ToString("R", CultureInfo.InvariantCulture));
                }

                foreach (var column in copied)
                {
                    writer.Write(',');
                    writer.Write(CsvTable.Quote(input!.Rows[i][column]));
                }

                writer.WriteLine();
            }
        });
    }
}
