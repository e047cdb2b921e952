using System.Globalization;
using System.Text.Json;
using MLNetAnomaly.Core.Data;

namespace MLNetAnomaly.Core.Metrics.Nab;

/// <summary>
/// Reads the files of a NAB-style corpus: the labelled windows (<c>labels/combined_windows.json</c>), the data
/// series (<c>data/&lt;category&gt;/&lt;name&gt;.csv</c>, columns timestamp,value) and a detector's results
/// (<c>results/&lt;detector&gt;/&lt;category&gt;/&lt;detector&gt;_&lt;name&gt;.csv</c>, with at least timestamp and
/// anomaly_score columns). Errors name the file and line.
/// </summary>
internal static class NabCorpus
{
    /// <summary>Reads the windows file: series path to its windows.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> ReadWindows(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"NAB windows file '{path}' does not exist.", path);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var windows = new SortedDictionary<string, IReadOnlyList<(DateTime, DateTime)>>(StringComparer.Ordinal);
            foreach (var series in document.RootElement.EnumerateObject())
            {
                windows[series.Name] = series.Value.EnumerateArray()
                    .Select(pair => (ParseTimestamp(pair[0].GetString()!, path), ParseTimestamp(pair[1].GetString()!, path)))
                    .ToList();
            }

            return windows;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException)
        {
            throw new InvalidDataException(
                $"NAB windows file '{path}' is not NAB's windows JSON, an object mapping each data file to a list of [start, end] timestamp pairs ({error.Message.TrimEnd('.')}).", error);
        }
    }

    /// <summary>
    /// Reads a detector's result files for every labelled series. A result file for "cat/name.csv" is
    /// <c>cat/name.csv</c> or <c>cat/&lt;prefix&gt;_name.csv</c> under <paramref name="resultsFolder"/>.
    /// </summary>
    internal static IReadOnlyList<NabSeries> ReadResults(string resultsFolder, IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> windows)
    {
        if (!Directory.Exists(resultsFolder))
        {
            throw new DirectoryNotFoundException($"Results folder '{resultsFolder}' does not exist.");
        }

        var corpus = new List<NabSeries>();
        var missing = new List<string>();
        foreach (var (name, seriesWindows) in windows)
        {
            var file = FindResultFile(resultsFolder, name);
            if (file is null)
            {
                missing.Add(name);
                continue;
            }

            var table = ReadColumns(file, "timestamp", "anomaly_score");
            corpus.Add(new NabSeries(name, table.Timestamps, table.Values, seriesWindows));
        }

        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{missing.Count} labelled series have no result file under '{resultsFolder}', for example '{missing[0]}' (expected {Path.GetDirectoryName(missing[0])}/<detector>_{Path.GetFileName(missing[0])}).");
        }

        return corpus;
    }

    /// <summary>Reads one data series (timestamp,value).</summary>
    internal static (IReadOnlyList<DateTime> Timestamps, IReadOnlyList<double> Values) ReadData(string dataFolder, string name)
        => ReadColumns(Path.Combine(dataFolder, name), "timestamp", "value");

    private static string? FindResultFile(string resultsFolder, string name)
    {
        var folder = Path.Combine(resultsFolder, Path.GetDirectoryName(name) ?? string.Empty);
        var fileName = Path.GetFileName(name);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var exact = Path.Combine(folder, fileName);
        return File.Exists(exact) ? exact
            : Directory.EnumerateFiles(folder, "*_" + fileName).OrderBy(f => f.Length).FirstOrDefault();
    }

    private static (IReadOnlyList<DateTime> Timestamps, IReadOnlyList<double> Values) ReadColumns(string path, string timeColumn, string valueColumn)
    {
        var table = CsvTable.Read(path);
        return (TimestampColumn.Read(table, table.ColumnIndex(timeColumn), requireOrder: false).Times, table.DoubleColumn(table.ColumnIndex(valueColumn)));
    }

    private static DateTime ParseTimestamp(string text, string path)
        => DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var timestamp)
            ? timestamp
            : throw new InvalidDataException($"'{path}': '{text}' is not a timestamp.");
}
