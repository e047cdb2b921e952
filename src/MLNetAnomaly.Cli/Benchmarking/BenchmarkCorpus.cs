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
    /// rows out of time order are refused, sorted or kept as <paramref name="order"/> says. A folder holding train/ and
    /// test/ folders is a train/test corpus; a file named as the UCR Anomaly Archive's gives its own training length, and
    /// a manifest, <see cref="ManifestFileName"/> in the corpus folder, gives any file's (see <see cref="ReadManifest"/>).
    /// </summary>
    internal static IReadOnlyList<BenchmarkSeries> LoadLabelledCsv(string folder, string timestampColumn = "timestamp", string labelColumn = "label", TimeOrder order = TimeOrder.Check)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Corpus folder '{folder}' does not exist.");
        }

        var train = Directory.EnumerateDirectories(folder).FirstOrDefault(d => Path.GetFileName(d).Equals("train", StringComparison.OrdinalIgnoreCase));
        var test = Directory.EnumerateDirectories(folder).FirstOrDefault(d => Path.GetFileName(d).Equals("test", StringComparison.OrdinalIgnoreCase));
        if (train is not null && test is not null)
        {
            return LoadTrainTestPairs(train, test, timestampColumn, labelColumn, order);
        }

        var manifestPath = Path.Combine(folder, ManifestFileName);
        var files = Directory.EnumerateFiles(folder, "*.csv", SearchOption.AllDirectories)
            .Where(f => !Path.GetFullPath(f).Equals(Path.GetFullPath(manifestPath), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidDataException($"Corpus folder '{folder}' holds no .csv files.");
        }

        var series = files.Select(file => LoadLabelledFile(folder, file, timestampColumn, labelColumn, order)).ToList();
        if (!File.Exists(manifestPath))
        {
            return series;
        }

        var manifest = ReadManifest(manifestPath);
        foreach (var (file, line) in manifest.Lines)
        {
            if (!series.Any(s => s.Name.Equals(file, StringComparison.Ordinal)))
            {
                throw new InvalidDataException($"{manifestPath}, line {line}: '{file}' is not a series of the corpus (files are named by their path under '{folder}', with '/').");
            }
        }

        return series.Select(s =>
        {
            if (!manifest.Rows.TryGetValue(s.Name, out var rows))
            {
                return s;
            }

            if (rows >= s.Length)
            {
                throw new InvalidDataException($"{manifestPath}, line {manifest.Lines[s.Name]}: {rows} training rows leave nothing to score in '{s.Name}', which has {s.Length} rows.");
            }

            return s with { TrainingRows = rows };
        }).ToList();
    }

    /// <summary>The optional file in a corpus folder that gives files their training lengths.</summary>
    internal const string ManifestFileName = "training-rows.csv";

    /// <summary>
    /// Reads a training-length manifest: a CSV with the columns <c>file</c> (the series' path under the corpus folder,
    /// with '/') and <c>training_rows</c> (the leading rows of that file to fit on, at least 1). It overrides a UCR file
    /// name's length; files it does not name keep theirs, or the global training fraction.
    /// </summary>
    internal static (IReadOnlyDictionary<string, int> Rows, IReadOnlyDictionary<string, int> Lines) ReadManifest(string path)
    {
        var table = CsvTable.Read(path);
        var (fileColumn, rowsColumn) = (table.ColumnIndex("file"), table.ColumnIndex("training_rows"));
        var counts = table.DoubleColumn(rowsColumn);
        var (rows, lines) = (new Dictionary<string, int>(StringComparer.Ordinal), new Dictionary<string, int>(StringComparer.Ordinal));
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var line = i + 2;
            var file = table.Rows[i][fileColumn].Trim().Replace('\\', '/');
            var count = counts[i];
            if (double.IsNaN(count) || count < 1 || count > int.MaxValue || count != Math.Floor(count))
            {
                throw new InvalidDataException($"{path}, line {line}: training_rows must be a whole number of at least 1; it was '{table.Rows[i][rowsColumn]}'.");
            }

            if (!rows.TryAdd(file, (int)count))
            {
                throw new InvalidDataException($"{path}, line {line}: '{file}' is named twice (also on line {lines[file]}).");
            }

            lines[file] = line;
        }

        return (rows, lines);
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
        return new BenchmarkSeries(name, category, timestamps.Times, valueIndices.Select(i => table.Header[i]).ToArray(), channels, labels, null, UcrTrainingRows(fileName, labels.Length));
    }

    /// <summary>
    /// The training length in a file name of the UCR Anomaly Archive's form, NAME_TRAIN_BEGIN_END (the rows before TRAIN
    /// are normal and meant for fitting; the anomaly lies in BEGIN..END), when TRAIN &lt; BEGIN ≤ END ≤ rows and TRAIN is
    /// at least 100; else null.
    /// </summary>
    internal static int? UcrTrainingRows(string fileName, int rows)
    {
        var parts = fileName.Split('_');
        if (parts.Length < 4 || !int.TryParse(parts[^3], out var train) || !int.TryParse(parts[^2], out var begin) || !int.TryParse(parts[^1], out var end))
        {
            return null;
        }

        return train >= 100 && train < begin && begin <= end && end <= rows ? train : null;
    }

    /// <summary>
    /// A corpus laid out as train/ and test/ folders (NASA SMAP/MSL, SMD, ASD): each test file and the train file of the
    /// same relative path form one series, the train rows first. Detectors are fitted on the train rows and judged on
    /// the test rows. A test file needs the label column; a train file may have one (its labels are not scored).
    /// </summary>
    private static IReadOnlyList<BenchmarkSeries> LoadTrainTestPairs(string trainFolder, string testFolder, string timestampColumn, string labelColumn, TimeOrder order)
    {
        var tests = Directory.EnumerateFiles(testFolder, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (tests.Count == 0)
        {
            throw new InvalidDataException($"Test folder '{testFolder}' holds no .csv files.");
        }

        return tests.Select(testFile =>
        {
            var relative = Path.GetRelativePath(testFolder, testFile);
            var trainFile = Path.Combine(trainFolder, relative);
            if (!File.Exists(trainFile))
            {
                throw new InvalidDataException($"'{testFile}' has no train file: '{trainFile}' does not exist. A train/test corpus pairs files by name.");
            }

            var testSeries = LoadLabelledFile(testFolder, testFile, timestampColumn, labelColumn, order);
            var trainSeries = LoadTrainFile(trainFile, timestampColumn, labelColumn, order, testSeries.ChannelNames);
            return testSeries with
            {
                Timestamps = trainSeries.Timestamps.Concat(testSeries.Timestamps).ToList(),
                Channels = testSeries.Channels.Select((channel, c) => trainSeries.Channels[c].Concat(channel).ToArray()).ToList(),
                Labels = new bool[trainSeries.Timestamps.Count].Concat(testSeries.Labels).ToArray(),
                TrainingRows = trainSeries.Timestamps.Count,
            };
        }).ToList();
    }

    // A train file: the test file's value columns, by name; a label column is allowed and ignored.
    private static (IReadOnlyList<DateTime> Timestamps, IReadOnlyList<float[]> Channels) LoadTrainFile(string file, string timestampColumn, string labelColumn, TimeOrder order, IReadOnlyList<string> channelNames)
    {
        var table = CsvTable.Read(file);
        var (ordered, timestamps) = table.InTimeOrder(table.ColumnIndex(timestampColumn), order);
        var values = channelNames.Select(name => ordered.NumericColumn(ordered.ColumnIndex(name))).ToList();
        var extra = ordered.Header.Where(h => !h.Equals(timestampColumn, StringComparison.OrdinalIgnoreCase) && !h.Equals(labelColumn, StringComparison.OrdinalIgnoreCase)
            && !channelNames.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        if (extra.Count > 0)
        {
            throw new InvalidDataException($"'{file}' has value columns its test file has not ({string.Join(", ", extra)}); a train file holds the test file's columns.");
        }

        return (timestamps.Times, values);
    }
}
