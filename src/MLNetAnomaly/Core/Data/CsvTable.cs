using System.Globalization;

namespace MLNetAnomaly.Core.Data;

/// <summary>
/// A CSV file read into memory as text: a header row and data rows of the same width. Errors name the file,
/// the line and the column, so a user can find the problem: <see cref="FileNotFoundException"/> for a missing file,
/// <see cref="InvalidDataException"/> for anything wrong inside it.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string path, string[] header, List<string[]> rows, List<int> lineNumbers)
    {
        Path = path;
        Header = header;
        Rows = rows;
        LineNumbers = lineNumbers;
    }

    /// <summary>The file read.</summary>
    internal string Path { get; }

    /// <summary>Column names from the first line.</summary>
    internal string[] Header { get; }

    /// <summary>Data rows (blank lines skipped).</summary>
    internal IReadOnlyList<string[]> Rows { get; }

    /// <summary>The 1-based file line of each data row.</summary>
    internal IReadOnlyList<int> LineNumbers { get; }

    /// <summary>Reads a comma-separated file whose first line is a header. Fields may be double-quoted.</summary>
    internal static CsvTable Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Input file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path);
        var headerLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine))
        {
            throw new InvalidDataException($"Input file '{path}' is empty: a header line such as 'timestamp,value' is expected.");
        }

        var header = Split(headerLine).Select(h => h.Trim()).ToArray();
        var rows = new List<string[]>();
        var lines = new List<int>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Split(line);
            if (fields.Length != header.Length)
            {
                var hint = headerLine.Contains(';') && !headerLine.Contains(',')
                    ? " The file seems to separate fields with ';' (and perhaps decimals with ','): save it as comma-separated with '.' decimals."
                    : string.Empty;
                throw new InvalidDataException($"{path}, line {lineNumber}: expected {header.Length} fields like the header, found {fields.Length}.{hint}");
            }

            rows.Add(fields);
            lines.Add(lineNumber);
        }

        if (rows.Count == 0)
        {
            throw new InvalidDataException($"Input file '{path}' has a header but no data rows.");
        }

        return new CsvTable(path, header, rows, lines);
    }

    /// <summary>The index of a column by name (case-insensitive), or throws listing the columns there are.</summary>
    internal int ColumnIndex(string name)
    {
        var index = Array.FindIndex(Header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index
            : throw new InvalidDataException($"{Path} has no column '{name}'. Its columns are: {string.Join(", ", Header)}.");
    }

    /// <summary>
    /// Parses a column as timestamps (<see cref="TimestampColumn.Read"/>): dates and times, Unix epoch seconds or
    /// milliseconds, or whole-number indexes, in strictly increasing order; anything else is an error naming the line.
    /// </summary>
    internal TimestampColumn Timestamps(int index) => TimestampColumn.Read(this, index);

    /// <summary>
    /// Reads column <paramref name="index"/> as timestamps and applies <paramref name="order"/>: checks that they
    /// increase strictly (an error names the first row that does not), sorts the rows by them (stable; each row keeps
    /// its file line number for messages), or keeps the file's order (a column that does not parse then stays text).
    /// Returns the table to read the values from.
    /// </summary>
    internal (CsvTable Table, TimestampColumn Timestamps) InTimeOrder(int index, TimeOrder order)
    {
        TimestampColumn timestamps;
        try
        {
            timestamps = TimestampColumn.Read(this, index, requireOrder: order == TimeOrder.Check);
        }
        catch (InvalidDataException) when (order == TimeOrder.Keep)
        {
            // Asked to take the file as it is: timestamps that are not dates or numbers stay text.
            timestamps = TimestampColumn.AsText(this);
        }

        if (order != TimeOrder.Sort)
        {
            return (this, timestamps);
        }

        var permutation = Enumerable.Range(0, Rows.Count).OrderBy(i => timestamps.Times[i]).ToArray();
        if (permutation.Select((row, position) => row == position).All(same => same))
        {
            return (this, timestamps);
        }

        var sorted = new CsvTable(Path, Header, permutation.Select(i => Rows[i]).ToList(), permutation.Select(i => LineNumbers[i]).ToList());
        return (sorted, timestamps with { Times = permutation.Select(i => timestamps.Times[i]).ToArray() });
    }

    /// <summary>
    /// The rows as CSV text (header first, every field quoted where it holds a comma or a quote), for handing a
    /// reordered table to a reader that takes files.
    /// </summary>
    internal void WriteTo(TextWriter writer)
    {
        writer.WriteLine(string.Join(",", Header.Select(Quote)));
        foreach (var row in Rows)
        {
            writer.WriteLine(string.Join(",", row.Select(Quote)));
        }
    }

    internal static string Quote(string field)
        => field.Contains(',') || field.Contains('"') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    /// <summary>
    /// Parses a column as single-precision numbers; an empty field is missing (NaN); anything else unparsable, and a
    /// finite number beyond single precision (which would silently become infinite, that is missing), is an error
    /// naming the line and the value as written.
    /// </summary>
    internal float[] NumericColumn(int index)
    {
        var values = DoubleColumn(index);
        var singles = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            singles[i] = (float)values[i];
            if (double.IsFinite(values[i]) && !float.IsFinite(singles[i]))
            {
                throw new InvalidDataException(
                    $"{Path}, line {LineNumbers[i]}: '{Rows[i][index].Trim()}' in column '{Header[index]}' is beyond single precision (about ±3.4E+38), which the detectors read; rescale the column (for example divide it by a power of ten).");
            }
        }

        return singles;
    }

    /// <summary>Parses a column as double-precision numbers; an empty field is missing (NaN); anything else unparsable is an error.</summary>
    internal double[] DoubleColumn(int index)
    {
        var values = new double[Rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var text = Rows[i][index].Trim();
            if (text.Length == 0)
            {
                values[i] = double.NaN;
            }
            else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new InvalidDataException($"{Path}, line {LineNumbers[i]}: '{text}' in column '{Header[index]}' is not a number.");
            }
        }

        return values;
    }

    private static string[] Split(string line)
    {
        if (!line.Contains('"'))
        {
            return line.Split(',');
        }

        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields.ToArray();
    }
}
