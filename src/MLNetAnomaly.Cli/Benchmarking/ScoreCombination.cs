namespace MLNetAnomaly.Cli.Benchmarking;

/// <summary>
/// Ensembles formed after a benchmark from its members' logged runs, without fitting anything again: on each series,
/// a row's score combines the members' scores (all on the post-processing chain's common scale) and its alert follows
/// the members' alerts. "mean" is what <c>DetectorEnsembleTransformer</c> computes (mean score, alert where at least
/// half the members alert); "max" takes the strongest member's score and alerts where any member does; "mean32"
/// averages each member's largest score over the last 32 rows (the deep detectors' window), so members that flag
/// one event a few rows apart reinforce each other, with the mean's alerts; "chain-mean" and "chain-mean32" treat
/// those combined scores as one detector's raw scores and calibrate them again through the default chain's
/// likelihood (fitted on the training rows, with Numenta's filter; alert at Score 0.5). Used to measure combination
/// rules before the library ships them.
/// </summary>
internal static class ScoreCombination
{
    /// <summary>The rules, by name.</summary>
    internal static readonly IReadOnlyList<string> Rules = new[] { "mean", "max", "mean32", "chain-mean", "chain-mean32" };

    /// <summary>
    /// Parses "rule(a+b+c)" into its rule and members, checking the members ran; the outcome's name is the text itself.
    /// </summary>
    internal static (string Rule, string[] Members) Parse(string text)
    {
        var open = text.IndexOf('(');
        var rule = open > 0 ? text[..open] : string.Empty;
        if (!Rules.Contains(rule) || !text.EndsWith(')'))
        {
            throw new CliException($"--combine takes rule(member+member+...) with rule {string.Join(" or ", Rules)}; it was '{text}'.");
        }

        var members = text[(open + 1)..^1].Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (members.Length < 2)
        {
            throw new CliException($"--combine '{text}' needs at least two members.");
        }

        return (rule, members);
    }

    /// <summary>One outcome per series for the combination <paramref name="text"/> of the outcomes' detectors.</summary>
    internal static IReadOnlyList<SeriesOutcome> Combine(IReadOnlyList<SeriesOutcome> outcomes, string text, BenchmarkOptions options)
    {
        var (rule, members) = Parse(text);
        var missing = members.Where(m => outcomes.All(o => o.Detector != m)).ToList();
        if (missing.Count > 0)
        {
            throw new CliException($"--combine '{text}': {string.Join(", ", missing)} did not run; add them to --detectors.");
        }

        var result = new List<SeriesOutcome>();
        foreach (var series in outcomes.Select(o => o.Series).DistinctBy(s => s.Name))
        {
            var runs = members.Select(m => outcomes.First(o => o.Detector == m && o.Series.Name == series.Name)).ToList();
            var trainRows = runs[0].TrainRows;
            if (runs.FirstOrDefault(r => r.Error is not null) is { } failed)
            {
                result.Add(new SeriesOutcome(text, series, Array.Empty<double>(), Array.Empty<bool>(), trainRows, TimeSpan.Zero, TimeSpan.Zero, null, $"member {failed.Detector} failed: {failed.Error}"));
                continue;
            }

            var scores = new double[series.Length];
            var alerts = new bool[series.Length];
            var recent = rule is "mean32" or "chain-mean32" ? runs.Select(r => TrailingMax(r.Scores, 32)).ToList() : null;
            for (var i = 0; i < series.Length; i++)
            {
                var votes = runs.Count(r => r.Alerts[i]);
                if (recent is not null)
                {
                    scores[i] = recent.Average(r => r[i]);
                    alerts[i] = 2 * votes >= runs.Count;
                }
                else if (rule is "mean" or "chain-mean")
                {
                    scores[i] = runs.Average(r => r.Scores[i]);
                    alerts[i] = 2 * votes >= runs.Count;
                }
                else
                {
                    scores[i] = runs.Max(r => r.Scores[i]);
                    alerts[i] = votes > 0;
                }
            }

            if (rule.StartsWith("chain-", StringComparison.Ordinal))
            {
                Recalibrate(scores, alerts, trainRows);
            }

            var fit = runs.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Fit);
            var scoring = runs.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Scoring);
            result.Add(new SeriesOutcome(text, series, scores, alerts, trainRows, fit, scoring, BenchmarkRunner.Report(series, trainRows, scores, alerts, options), null));
        }

        return result;
    }

    /// <summary>
    /// Treats the combined scores as one detector's raw scores and passes them through the default chain's likelihood
    /// (fitted on the training rows, with Numenta's filter), alerting at Score 0.5.
    /// </summary>
    private static void Recalibrate(double[] scores, bool[] alerts, int trainRows)
    {
        var defaults = new PostProcessingOptions();
        var likelihood = new MLNetAnomaly.Core.PostProcessing.AnomalyLikelihood(scores[..trainRows], defaults.LikelihoodAveraging, defaults.LikelihoodHistory, defaults.LikelihoodReestimationPeriod, defaults.LikelihoodFilter);
        var state = likelihood.Start();
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = MLNetAnomaly.Core.PostProcessing.ChainScore.FromPValue(state.PValue(scores[i]));
            alerts[i] = scores[i] >= defaults.ScoreThreshold;
        }
    }

    private static double[] TrailingMax(double[] scores, int rows)
    {
        var result = new double[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            var max = 0.0;
            for (var j = Math.Max(0, i - rows + 1); j <= i; j++)
            {
                max = Math.Max(max, scores[j]);
            }

            result[i] = max;
        }

        return result;
    }
}
