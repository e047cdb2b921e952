using System.Globalization;
using System.Text;
using MLNetAnomaly.Cli.Data;

namespace MLNetAnomaly.Cli.Benchmarking;

/// <summary>
/// The window a deep detector left without one chooses on each series of a corpus (from the series' training part,
/// first channel), written as a Markdown table with a summary, for docs/benchmarks.md.
/// </summary>
internal static class WindowReport
{
    /// <summary>Writes the table to <paramref name="path"/> and returns it.</summary>
    internal static string Write(string path, IReadOnlyList<BenchmarkSeries> series, BenchmarkOptions options)
    {
        var rows = series.Select(s =>
        {
            var training = s.Channels[0][..BenchmarkRunner.TrainRows(s, options)];
            var (window, reason) = WindowChoice.Choose(training.Where(float.IsFinite).ToArray(), 1);
            return (s.Name, Rows: training.Length, window, reason);
        }).ToList();

        var text = new StringBuilder();
        var periodic = rows.Count(r => r.reason.StartsWith("period", StringComparison.Ordinal) && !r.reason.Contains("longer", StringComparison.Ordinal));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{periodic} of {rows.Count} series have a period of at most {WindowChoice.MaximumWindow} rows in their training part; windows chosen: {string.Join(", ", rows.GroupBy(r => r.window).OrderBy(g => g.Key).Select(g => $"{g.Key} ({g.Count()})"))}."));
        text.AppendLine().AppendLine("| series | training rows | window | why |").AppendLine("|---|---:|---:|---|");
        foreach (var row in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Name} | {row.Rows} | {row.window} | {row.reason} |"));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SafeFile.WriteText(path, writer => writer.Write(text.ToString()));
        return text.ToString();
    }
}
