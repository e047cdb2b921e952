using System.Globalization;
using System.Text.Json;
using System.Text;
using MLNetAnomaly.Cli.Data;
using MLNetAnomaly.Core.Metrics.Nab;
using MLNetAnomaly.Evaluation;

namespace MLNetAnomaly.Cli.Benchmarking;

/// <summary>One line of the leaderboard: a detector over the whole corpus or one category.</summary>
/// <param name="Detector">The candidate's name.</param>
/// <param name="Scope">"all", or a category.</param>
/// <param name="Series">Series run.</param>
/// <param name="Failures">Series the detector could not run (too short, for example).</param>
/// <param name="NabStandard">NAB score, standard profile (NAB corpora only).</param>
/// <param name="NabLowFalsePositives">NAB score, reward-low-FP profile.</param>
/// <param name="NabLowFalseNegatives">NAB score, reward-low-FN profile.</param>
/// <param name="NabCounts">Standard profile at the swept threshold: windows caught, windows, false-positive points.</param>
/// <param name="NabOwnAlerts">NAB score, standard profile, of the detector's own alerts (no threshold sweep).</param>
/// <param name="NabOwnCounts">Its windows caught, windows and false-positive points.</param>
/// <param name="EventF1">Mean event-wise F1 over series with labelled anomalies after the training part.</param>
/// <param name="AucPr">Mean AUC-PR over the same series.</param>
/// <param name="VusPr">Mean VUS-PR over the same series.</param>
/// <param name="FitSeconds">Total fitting time.</param>
/// <param name="ScoringSeconds">Total scoring time.</param>
/// <param name="PointsPerSecond">Scoring throughput.</param>
internal sealed record LeaderboardRow(
    string Detector,
    string Scope,
    int Series,
    int Failures,
    double? NabStandard,
    double? NabLowFalsePositives,
    double? NabLowFalseNegatives,
    NabCounts? NabCounts,
    double? NabOwnAlerts,
    NabCounts? NabOwnCounts,
    double EventF1,
    double AucPr,
    double VusPr,
    double FitSeconds,
    double ScoringSeconds,
    double PointsPerSecond);

/// <summary>What stands behind a NAB score: labelled windows with a detection, all labelled windows, and detections outside windows.</summary>
/// <param name="Caught">Windows with at least one detection.</param>
/// <param name="Windows">Labelled windows.</param>
/// <param name="FalsePositives">Detections outside every window, after probation.</param>
internal sealed record NabCounts(int Caught, int Windows, int FalsePositives)
{
    /// <summary>"caught/windows, FP".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Caught}/{Windows}, {FalsePositives}");

    /// <summary>The counts of a NAB result.</summary>
    internal static NabCounts Of(NabResult result) => new(result.WindowsCaught, result.Windows, result.FalsePositives);
}

/// <summary>Aggregates benchmark outcomes into leaderboard rows, and writes them as Markdown and JSON.</summary>
internal static class Leaderboard
{
    /// <summary>One row per detector for the corpus, then one per detector and category.</summary>
    internal static IReadOnlyList<LeaderboardRow> Build(IReadOnlyList<SeriesOutcome> outcomes)
    {
        var rows = new List<LeaderboardRow>();
        foreach (var detector in outcomes.GroupBy(o => o.Detector))
        {
            rows.Add(Row(detector.Key, "all", detector.ToList()));
        }

        if (Oracle(outcomes) is { } oracle)
        {
            rows.Add(oracle);
        }

        foreach (var group in outcomes.GroupBy(o => (o.Detector, o.Series.Category)).OrderBy(g => g.Key.Category, StringComparer.Ordinal).ThenBy(g => g.Key.Detector, StringComparer.Ordinal))
        {
            rows.Add(Row(group.Key.Detector, group.Key.Category, group.ToList()));
        }

        return rows;
    }

    /// <summary>The leaderboard as Markdown tables (corpus, then categories), sorted by NAB standard score or VUS-PR.</summary>
    internal static string ToMarkdown(IReadOnlyList<LeaderboardRow> rows)
    {
        var text = new StringBuilder();
        var hasNab = rows.Any(r => r.NabStandard is not null);
        var header = hasNab
            ? "| detector | scope | series | NAB standard | NAB low FP | NAB low FN | windows caught, FP | own alerts: NAB standard | own alerts: windows caught, FP | event F1 | AUC-PR | VUS-PR | fit (s) | scoring (s) | points/s | failed |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
            : "| detector | scope | series | event F1 | AUC-PR | VUS-PR | fit (s) | scoring (s) | points/s | failed |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|";
        foreach (var scope in new[] { true, false })
        {
            var selected = rows.Where(r => (r.Scope == "all") == scope)
                .OrderBy(r => scope ? string.Empty : r.Scope, StringComparer.Ordinal)
                .ThenByDescending(r => hasNab ? r.NabStandard ?? double.MinValue : r.VusPr)
                .ToList();
            if (selected.Count == 0)
            {
                continue;
            }

            text.AppendLine(scope ? "Whole corpus:" : "Per category:").AppendLine().AppendLine(header);
            foreach (var r in selected)
            {
                var nab = hasNab ? $" {F(r.NabStandard)} | {F(r.NabLowFalsePositives)} | {F(r.NabLowFalseNegatives)} | {r.NabCounts?.ToString() ?? "n/a"} | {F(r.NabOwnAlerts)} | {r.NabOwnCounts?.ToString() ?? "n/a"} |" : string.Empty;
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Detector} | {r.Scope} | {r.Series} |{nab} {F(r.EventF1, "F3")} | {F(r.AucPr, "F3")} | {F(r.VusPr, "F3")} | {r.FitSeconds:F1} | {r.ScoringSeconds:F1} | {r.PointsPerSecond:N0} | {r.Failures} |"));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>Writes leaderboard.md and leaderboard.json (with the run's settings and machine) into <paramref name="folder"/>.</summary>
    internal static string Write(string folder, IReadOnlyList<LeaderboardRow> rows, string corpus, int seriesCount, IReadOnlyList<BenchmarkCandidate> candidates, BenchmarkOptions options, TimeSpan wall)
    {
        Directory.CreateDirectory(folder);
        var markdown = ToMarkdown(rows);
        var settings = new
        {
            corpus,
            series = seriesCount,
            trainFraction = options.TrainFraction,
            seed = options.Seed,
            vusMaxBuffer = options.VusMaxBuffer,
            scoring = options.Scoring.ToString(),
            detectors = candidates.Select(c => new { c.Name, c.Description }),
            machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}",
            date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            wallSeconds = Math.Round(wall.TotalSeconds, 1),
        };
        SafeFile.WriteText(Path.Combine(folder, "leaderboard.md"), writer => writer.Write(markdown));
        SafeFile.WriteText(Path.Combine(folder, "leaderboard.json"), writer => writer.Write(ToJson(rows, settings)));
        return markdown;
    }

    /// <summary>The leaderboard and the run's settings as indented JSON.</summary>
    internal static string ToJson(IReadOnlyList<LeaderboardRow> rows, object settings)
        => JsonSerializer.Serialize(new { settings, rows }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

    private static string F(double? value, string format = "F1")
        => value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static LeaderboardRow Row(string detector, string scope, List<SeriesOutcome> outcomes)
    {
        var succeeded = outcomes.Where(o => o.Report is not null).ToList();
        var labelled = succeeded.Where(o => o.Series.Labels.AsSpan(o.TrainRows).Contains(true)).ToList();
        double? standard = null, lowFp = null, lowFn = null, own = null;
        NabCounts? counts = null, ownCounts = null;
        if (outcomes.All(o => o.Series.NabWindows is not null) && succeeded.Count == outcomes.Count && outcomes.Count > 0)
        {
            var nab = succeeded.Select(o => new NabSeries(o.Series.Name, o.Series.Timestamps, o.Scores, o.Series.NabWindows!)).ToList();
            var swept = NabScorer.Score(nab, NabProfile.Standard);
            (standard, counts) = (swept.Normalized, NabCounts.Of(swept));
            lowFp = NabScorer.Score(nab, NabProfile.RewardLowFalsePositives).Normalized;
            lowFn = NabScorer.Score(nab, NabProfile.RewardLowFalseNegatives).Normalized;
            var alerts = succeeded.Select(o => new NabSeries(o.Series.Name, o.Series.Timestamps, o.Alerts.Select(a => a ? 1.0 : 0.0).ToArray(), o.Series.NabWindows!)).ToList();
            var ownResult = NabScorer.ScoreAtThreshold(alerts, NabProfile.Standard, 0.5);
            (own, ownCounts) = (ownResult.Normalized, NabCounts.Of(ownResult));
        }

        var fit = outcomes.Sum(o => o.Fit.TotalSeconds);
        var scoring = outcomes.Sum(o => o.Scoring.TotalSeconds);
        var points = succeeded.Sum(o => (double)o.Series.Length * o.Series.Channels.Count);
        return new LeaderboardRow(
            detector,
            scope,
            outcomes.Count,
            outcomes.Count - succeeded.Count,
            standard,
            lowFp,
            lowFn,
            counts,
            own,
            ownCounts,
            Mean(labelled.Select(o => o.Report!.EventF1)),
            Mean(labelled.Select(o => o.Report!.AucPr)),
            Mean(labelled.Select(o => o.Report!.VusPr)),
            fit,
            scoring,
            scoring > 0 ? points / scoring : 0);
    }

    /// <summary>Name of the per-series oracle row.</summary>
    internal const string OracleName = "oracle: best single detector per series";

    /// <summary>True for selection candidates ("auto", "auto-ensemble3", "auto-16") and combinations ("mean(a+b)"), which are not single detectors.</summary>
    internal static bool IsSelection(string detector)
        => detector.Equals("auto", StringComparison.OrdinalIgnoreCase) || detector.StartsWith("auto-", StringComparison.OrdinalIgnoreCase)
            || detector.Contains('(', StringComparison.Ordinal);

    /// <summary>
    /// The per-series oracle over the single detectors (selection candidates excluded, <see cref="IsSelection"/>): on
    /// each series, the best of the detectors by each metric. For NAB, each detector keeps its own corpus-wide
    /// threshold (as NAB optimises it) and the oracle takes the best of their per-series shares of the raw score,
    /// normalised as NAB normalises a detector. An upper bound for choosing one detector per series. Detectors that
    /// failed on a series are left out, and the row's name says which; null when fewer than two detectors remain.
    /// </summary>
    internal static LeaderboardRow? Oracle(IReadOnlyList<SeriesOutcome> outcomes)
    {
        var all = outcomes.Where(o => !IsSelection(o.Detector))
            .GroupBy(o => o.Detector)
            .Select(g => g.OrderBy(o => o.Series.Name, StringComparer.Ordinal).ToList())
            .ToList();
        var detectors = all.Where(d => d.All(o => o.Report is not null)).ToList();
        var leftOut = all.Except(detectors).Select(d => d[0].Detector).ToList();
        if (detectors.Count < 2 || detectors.Select(d => d.Count).Distinct().Count() != 1)
        {
            return null;
        }

        var series = detectors[0];
        double? Nab(NabProfile profile)
        {
            if (series.Any(o => o.Series.NabWindows is null))
            {
                return null;
            }

            var results = detectors.Select(d => NabScorer.Score(d.Select(o => new NabSeries(o.Series.Name, o.Series.Timestamps, o.Scores, o.Series.NabWindows!)).ToList(), profile)).ToList();
            var best = Enumerable.Range(0, series.Count).Sum(s => results.Max(r => r.PerSeries[s]));
            return NabScorer.Normalise(best, results[0].NullTotal, results[0].PerfectTotal);
        }

        var labelled = Enumerable.Range(0, series.Count).Where(s => series[s].Series.Labels.AsSpan(series[s].TrainRows).Contains(true)).ToList();
        double BestMean(Func<DetectionReport, double> metric) => Mean(labelled.Select(s => detectors.Select(d => metric(d[s].Report!)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max()));
        return new LeaderboardRow(
            leftOut.Count == 0 ? OracleName : $"{OracleName} (without {string.Join(", ", leftOut)}: failed on a series)",
            "all",
            series.Count,
            0,
            Nab(NabProfile.Standard),
            Nab(NabProfile.RewardLowFalsePositives),
            Nab(NabProfile.RewardLowFalseNegatives),
            null,
            null,
            null,
            BestMean(r => r.EventF1),
            BestMean(r => r.AucPr),
            BestMean(r => r.VusPr),
            0,
            0,
            0);
    }

    private static double Mean(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count > 0 ? finite.Average() : double.NaN;
    }
}
