using MLNetAnomaly.Core.Data;
using MLNetAnomaly.Core.Metrics.Nab;

namespace MLNetAnomaly.Cli.Benchmarking;

/// <summary>Loads benchmark corpora: NAB's layout, or any folder of labelled CSV files.</summary>
internal static class BenchmarkCorpus
{
    /// <summary>
    /// Loads NAB when the folder has NAB's layout (labels/combined_windows.json), its files taken in their own order
    /// as NAB's scorer takes them; else a folder of labelled CSV files, their rows in the time order
    /// <paramref name="order"/> asks for.
    /// </summary>
    internal static (IReadOnlyList<BenchmarkSeries> Series, bool IsNab) Load(string folder, TimeOrder order = TimeOrder.Check)
        => File.Exists(Path.Combine(folder, "labels", "combined_windows.json")) ? (LoadNab(folder), true) : (LoadLabelledCsv(folder, order: order), false);

    /// <summary>
    /// Loads NAB (<c>data/</c> and <c>labels/combined_windows.json</c> under <paramref name="nabFolder"/>).
    /// A row is labelled anomalous when it lies inside one of its series' windows.
    /// </summary>
    internal static IReadOnlyList<BenchmarkSeries> LoadNab(string nabFolder)
    {
        var windowsFile = Path.Combine(nabFolder, "labels", "combined_windows.json");
        var windows = NabCorpus.ReadWindows(windowsFile);
        var series = new List<BenchmarkSeries>();
        foreach (var (name, seriesWindows) in windows)
        {
            var (timestamps, values) = NabCorpus.ReadData(Path.Combine(nabFolder, "data"), name);
            var labels = timestamps.Select(t => seriesWindows.Any(w => t >= w.Start && t <= w.End)).ToArray();
            series.Add(new BenchmarkSeries(name, name[..name.IndexOf('/')], timestamps, new[] { "value" },
                new[] { values.Select(v => (float)v).ToArray() }, labels, seriesWindows));
        }

        return series;
    }

    /// <summary>
    /// Loads every <c>*.csv</c> under <paramref name="folder"/>: a timestamp column, a 0/1 label column and one or more
    /// value columns (header names case-insensitive). The category is the file's subfolder, else the part of its
    /// name before the first underscore. Timestamps may be dates, Unix epoch seconds or milliseconds, or row indexes;
    /// rows out of time order are refused, sorted or kept as <paramref name="order"/> says.
    /// </summary>
    internal static IReadOnlyList<BenchmarkSeries> LoadLabelledCsv(string folder, string timestampColumn = "timestamp", string labelColumn = "label", TimeOrder order = TimeOrder.Check)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Corpus folder '{folder}' does not exist.");
        }

        var files = Directory.EnumerateFiles(folder, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidDataException($"Corpus folder '{folder}' holds no .csv files.");
        }

        return files.Select(file => LoadLabelledFile(folder, file, timestampColumn, labelColumn, order)).ToList();
    }

    private static BenchmarkSeries LoadLabelledFile(string root, string file, string timestampColumn, string labelColumn, TimeOrder order)
    {
        var name = Path.GetRelativePath(root, file).Replace('\\', '/');
        var table = CsvTable.Read(file);
        var time = table.ColumnIndex(timestampColumn);
        (table, var timestamps) = table.InTimeOrder(time, order);
        var label = table.ColumnIndex(labelColumn);
        var valueIndices = Enumerable.Range(0, table.Header.Length).Where(i => i != time && i != label).ToArray();
        if (valueIndices.Length == 0)
        {
            throw new InvalidDataException($"'{file}' has no value column besides '{table.Header[time]}' and '{table.Header[label]}'.");
        }

        var labels = Array.ConvertAll(table.NumericColumn(label), v => v > 0.5f);
        var channels = valueIndices.Select(table.NumericColumn).ToArray();
        var directory = Path.GetDirectoryName(name)?.Replace('\\', '/');
        var fileName = Path.GetFileNameWithoutExtension(name);
        var category = !string.IsNullOrEmpty(directory) ? directory : fileName.Contains('_') ? fileName[..fileName.IndexOf('_')] : fileName;
        return new BenchmarkSeries(name, category, timestamps.Times, valueIndices.Select(i => table.Header[i]).ToArray(), channels, labels, null);
    }
}
