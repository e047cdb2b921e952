using System.Text.Json;
using MLNetAnomaly.Core.Metrics.Nab;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Core.Metrics.Nab;

public sealed class NabScorerTests
{
    [SkippableFact]
    public void ReproducesTheNumentaRowOfNabsScoreboard()
    {
        var nab = SharedData.NabOrSkip();
        var windows = NabCorpus.ReadWindows(Path.Combine(nab, "labels", "combined_windows.json"));
        var corpus = NabCorpus.ReadResults(Path.Combine(nab, "results", "numenta"), windows);
        using var published = JsonDocument.Parse(File.ReadAllText(Path.Combine(nab, "results", "final_results.json")));

        Assert.Equal(58, corpus.Count);
        foreach (var profile in NabProfile.All)
        {
            var expected = published.RootElement.GetProperty("numenta").GetProperty(profile.Name).GetDouble();
            var result = NabScorer.Score(corpus, profile);
            Assert.True(Math.Abs(result.Normalized - expected) <= 0.5, $"{profile.Name}: {result.Normalized:F2}, NAB published {expected:F2}");
        }
    }

    [Fact]
    public void AFixedThresholdScoresAlertsAndCountsWindowsAndFalsePositives()
    {
        // 200 rows, probation 30; one window, rows 100..103. Alerts (0/1 scores): one in the window, two outside.
        var start = new DateTime(2020, 1, 1);
        var times = Enumerable.Range(0, 200).Select(i => start.AddMinutes(i)).ToArray();
        var alerts = new double[200];
        alerts[20] = 1; // probationary: not scored
        alerts[101] = 1;
        alerts[150] = 1;
        alerts[180] = 1;
        var series = new NabSeries("cat/a.csv", times, alerts, new[] { (times[100], times[103]) });

        var own = NabScorer.ScoreAtThreshold(new[] { series }, NabProfile.Standard, 0.5);
        var swept = NabScorer.Score(new[] { series }, NabProfile.Standard);

        Assert.Equal(0.5, own.Threshold);
        Assert.Equal((1, 1, 2), (own.WindowsCaught, own.Windows, own.FalsePositives));
        Assert.True(own.RawTotal < NabScorer.ScaledSigmoid(-0.75) / NabScorer.ScaledSigmoid(-1), "the false positives cost something");
        Assert.True(swept.RawTotal >= own.RawTotal); // the sweep may only do better with the same scores
        Assert.Equal(30, NabScorer.ProbationaryRows(200));
        Assert.Equal(750, NabScorer.ProbationaryRows(22_695));
    }

    [Fact]
    public void ScaledSigmoidMatchesItsDefinition()
    {
        Assert.Equal(0.98661, NabScorer.ScaledSigmoid(-1), 5);
        Assert.Equal(0.0, NabScorer.ScaledSigmoid(0), 12);
        Assert.Equal(-0.98661, NabScorer.ScaledSigmoid(1), 5);
        Assert.Equal(-1.0, NabScorer.ScaledSigmoid(3.5));
    }

    [Fact]
    public void HandComputedSeries()
    {
        // 200 rows, probation = floor(0.15 * 200) = 30 rows. One window, rows 100..103 (width 4).
        var start = new DateTime(2020, 1, 1);
        var times = Enumerable.Range(0, 200).Select(i => start.AddMinutes(i)).ToArray();
        var scores = new double[200];
        scores[101] = 0.9; // inside the window, position -(103 - 101 + 1) / 4 = -0.75
        scores[106] = 0.5; // after the window, position |103 - 106| / (4 - 1) = 1
        var series = new NabSeries("cat/a.csv", times, scores, new[] { (times[100], times[103]) });

        var result = NabScorer.Score(new[] { series }, NabProfile.Standard);

        var truePositive = NabScorer.ScaledSigmoid(-0.75) / NabScorer.ScaledSigmoid(-1);
        var falsePositive = 0.11 * NabScorer.ScaledSigmoid(1);
        // Thresholds 0.9 (the detection in the window), 0.5 (plus the false positive) or 0 (every row, 165 false
        // positives): 0.9 is best. The null detector never fires (-1) rather than always (far worse).
        Assert.Equal(0.9, result.Threshold);
        Assert.Equal(truePositive, result.RawTotal, 12);
        Assert.Equal(-1.0, result.NullTotal, 12);
        Assert.Equal(1.0, result.PerfectTotal, 12);
        Assert.Equal(100 * (truePositive + 1) / 2, result.Normalized, 9);
        Assert.Equal(truePositive, result.PerSeries[0], 12);
        Assert.True(falsePositive < 0 && truePositive + falsePositive < result.RawTotal);
    }

    [Fact]
    public void ProbationaryRowsAreNotScored()
    {
        var start = new DateTime(2020, 1, 1);
        var times = Enumerable.Range(0, 40).Select(i => start.AddMinutes(i)).ToArray();
        var scores = Enumerable.Range(0, 40).Select(i => i % 7 / 10.0).ToArray();
        var withEarlySpike = (double[])scores.Clone();
        withEarlySpike[2] = 5.0; // within probation (floor(0.15 * 40) = 6 rows): neither a detection nor a false positive
        NabSeries Series(double[] values) => new("cat/b.csv", times, values, new[] { (times[20], times[25]) });

        var plain = NabScorer.Score(new[] { Series(scores) }, NabProfile.Standard);
        var spiked = NabScorer.Score(new[] { Series(withEarlySpike) }, NabProfile.Standard);

        Assert.Equal(plain.RawTotal, spiked.RawTotal);
        Assert.Equal(plain.Threshold, spiked.Threshold);
        Assert.NotEqual(5.0, spiked.Threshold);
    }

    [Fact]
    public void WindowLimitsMustBeTimestampsOfTheSeries()
    {
        var start = new DateTime(2020, 1, 1);
        var times = Enumerable.Range(0, 10).Select(i => start.AddMinutes(i)).ToArray();
        var series = new NabSeries("cat/c.csv", times, new double[10], new[] { (start.AddSeconds(30), times[5]) });

        Assert.Contains("cat/c.csv", Assert.Throws<ArgumentException>(() => NabScorer.Score(new[] { series }, NabProfile.Standard)).Message);
    }
}
