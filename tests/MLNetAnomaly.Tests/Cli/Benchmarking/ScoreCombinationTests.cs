using MLNetAnomaly.Cli;
using MLNetAnomaly.Cli.Benchmarking;

namespace MLNetAnomaly.Tests.Cli.Benchmarking;

public sealed class ScoreCombinationTests
{
    private static readonly BenchmarkSeries Series = new("a/s.csv", "a", Enumerable.Range(0, 6).Select(i => new DateTime(2020, 1, 1).AddMinutes(i)).ToArray(),
        new[] { "value" }, new[] { new float[6] }, new[] { false, false, false, true, false, false }, null);

    private static SeriesOutcome Run(string detector, double[] scores, bool[] alerts)
        => new(detector, Series, scores, alerts, 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), null, null);

    private static readonly SeriesOutcome[] Members =
    {
        Run("a", new[] { 0, 0.2, 0, 1.0, 0, 0 }, new[] { false, false, false, true, false, false }),
        Run("b", new[] { 0, 0, 0.4, 0, 0, 0.6 }, new[] { false, false, false, false, false, true }),
    };

    [Fact]
    public void MeanIsTheLibrarysEnsembleRuleAndMaxTheStrongestMember()
    {
        var mean = Assert.Single(ScoreCombination.Combine(Members, "mean(a+b)", new BenchmarkOptions()));
        var max = Assert.Single(ScoreCombination.Combine(Members, "max(a+b)", new BenchmarkOptions()));

        Assert.Equal(new[] { 0, 0.1, 0.2, 0.5, 0, 0.3 }, mean.Scores.Select(v => Math.Round(v, 12)));
        Assert.Equal(new[] { false, false, false, true, false, true }, mean.Alerts);
        Assert.Equal(new[] { 0, 0.2, 0.4, 1.0, 0, 0.6 }, max.Scores.Select(v => Math.Round(v, 12)));
        Assert.Equal(new[] { false, false, false, true, false, true }, max.Alerts);
        Assert.Equal("mean(a+b)", mean.Detector);
        Assert.NotNull(mean.Report);
    }

    [Fact]
    public void TheWindowedMeanLetsMembersAgreeAFewRowsApart()
    {
        var combined = Assert.Single(ScoreCombination.Combine(Members, "mean32(a+b)", new BenchmarkOptions()));

        // Row 3: a's 1.0 and b's 0.4 from row 2; row 5: a's 1.0 from row 3 and b's 0.6.
        Assert.Equal(new[] { 0, 0.1, 0.3, 0.7, 0.7, 0.8 }, combined.Scores.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void AChainRuleCalibratesTheCombinedScoresAgainAndAlertsOnTheChainsScale()
    {
        var length = 400;
        var series = new BenchmarkSeries("a/long.csv", "a", Enumerable.Range(0, length).Select(i => new DateTime(2020, 1, 1).AddMinutes(i)).ToArray(),
            new[] { "value" }, new[] { new float[length] }, Enumerable.Range(0, length).Select(i => i == 350).ToArray(), null);
        var random = new Random(1);
        SeriesOutcome Member(string name) => new(name, series, Enumerable.Range(0, length).Select(i => i == 350 ? 0.9 : 0.05 * random.NextDouble()).ToArray(),
            new bool[length], 200, TimeSpan.Zero, TimeSpan.Zero, null, null);

        var combined = Assert.Single(ScoreCombination.Combine(new[] { Member("a"), Member("b") }, "chain-mean(a+b)", new BenchmarkOptions()));

        Assert.Equal(350, Enumerable.Range(200, 200).MaxBy(i => combined.Scores[i]));
        Assert.True(combined.Alerts[350]);
        Assert.All(Enumerable.Range(0, length), i => Assert.Equal(combined.Scores[i] >= 0.5, combined.Alerts[i]));
    }

    [Theory]
    [InlineData("median(a+b)", "rule")]
    [InlineData("mean(a)", "at least two")]
    [InlineData("mean(a+c)", "c did not run")]
    public void BadCombinationsAreRefusedWithTheReason(string text, string reason)
    {
        var error = Assert.Throws<CliException>(() => ScoreCombination.Combine(Members, text, new BenchmarkOptions()));
        Assert.Contains(reason, error.Message);
    }
}
