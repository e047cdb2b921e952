using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MLNetAnomaly.Cli.Benchmarking;

/// <summary>
/// The runs of a benchmark, appended one JSON line per run as each ends (runs.jsonl in the output folder), so that a
/// killed benchmark resumes where it stopped: a run is taken from the log when the same candidate (name and
/// description), series and benchmark options are already there. Scores are kept exactly (float64, in base64).
/// </summary>
internal sealed class BenchmarkRunLog
{
    private readonly string _path;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private BenchmarkRunLog(string path)
    {
        _path = path;
    }

    /// <summary>Opens (or starts) the log at <paramref name="path"/>; lines that cannot be read are ignored.</summary>
    internal static BenchmarkRunLog Open(string path)
    {
        var log = new BenchmarkRunLog(path);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                try
                {
                    if (JsonSerializer.Deserialize<Entry>(line) is { Key: not null } entry)
                    {
                        log._entries[entry.Key] = entry;
                    }
                }
                catch (JsonException)
                {
                    // A line cut short when the process was killed: that run is done again.
                }
            }
        }

        return log;
    }

    /// <summary>Runs read from the log so far.</summary>
    internal int Count => _entries.Count;

    /// <summary>The logged outcome of this run, or null.</summary>
    internal SeriesOutcome? Find(BenchmarkCandidate candidate, BenchmarkSeries series, BenchmarkOptions options)
    {
        if (!_entries.TryGetValue(Key(candidate, series, options), out var entry))
        {
            return null;
        }

        var scores = FromBase64(entry.Scores ?? string.Empty);
        var alerts = (entry.Alerts ?? string.Empty).Select(c => c == '1').ToArray();
        if (entry.Error is null && (scores.Length != series.Length || alerts.Length != series.Length))
        {
            return null;
        }

        var report = entry.Error is null ? BenchmarkRunner.Report(series, entry.TrainRows, scores, alerts, options) : null;
        return new SeriesOutcome(candidate.Name, series, scores, alerts, entry.TrainRows, TimeSpan.FromSeconds(entry.FitSeconds), TimeSpan.FromSeconds(entry.ScoringSeconds), report, entry.Error);
    }

    /// <summary>Appends a finished run (and flushes it to disk).</summary>
    internal void Append(BenchmarkCandidate candidate, SeriesOutcome outcome, BenchmarkOptions options)
    {
        var entry = new Entry
        {
            Key = Key(candidate, outcome.Series, options),
            Detector = candidate.Name,
            Series = outcome.Series.Name,
            TrainRows = outcome.TrainRows,
            FitSeconds = outcome.Fit.TotalSeconds,
            ScoringSeconds = outcome.Scoring.TotalSeconds,
            Error = outcome.Error,
            Scores = ToBase64(outcome.Scores),
            Alerts = new string(outcome.Alerts.Select(a => a ? '1' : '0').ToArray()),
        };
        _entries[entry.Key] = entry;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        File.AppendAllText(_path, JsonSerializer.Serialize(entry) + "\n");
    }

    private static string Key(BenchmarkCandidate candidate, BenchmarkSeries series, BenchmarkOptions options)
    {
        var text = string.Join('\u001f', candidate.Name, candidate.Description, series.Name, series.Length.ToString(CultureInfo.InvariantCulture),
            options.TrainFraction.ToString("R", CultureInfo.InvariantCulture), options.Seed.ToString(CultureInfo.InvariantCulture), options.Scoring.ToString())
            // Added only when they apply, so that the keys of earlier runs stay valid.
            + (BenchmarkRunner.UsesVector(candidate, series, options) ? "\u001fvector" : string.Empty)
            + (series.TrainingRows is { } rows ? "\u001ftraining " + rows.ToString(CultureInfo.InvariantCulture) : string.Empty);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string ToBase64(double[] values)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return Convert.ToBase64String(bytes);
    }

    private static double[] FromBase64(string text)
    {
        var bytes = Convert.FromBase64String(text);
        var values = new double[bytes.Length / sizeof(double)];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * sizeof(double));
        return values;
    }

    /// <summary>One line of the log.</summary>
    private sealed class Entry
    {
        public string? Key { get; set; }

        public string? Detector { get; set; }

        public string? Series { get; set; }

        public int TrainRows { get; set; }

        public double FitSeconds { get; set; }

        public double ScoringSeconds { get; set; }

        public string? Error { get; set; }

        public string? Scores { get; set; }

        public string? Alerts { get; set; }
    }
}
