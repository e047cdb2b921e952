using MLNetAnomaly.Core.Selection;

namespace MLNetAnomaly.Tests.Core.Selection;

public sealed class RobustBordaTests
{
    [Fact]
    public void RanksShareTiesAndPutNaNLast()
    {
        var ranks = RobustBorda.Ranks(new[] { 0.5, double.NaN, 0.9, 0.5, double.NaN });

        Assert.Equal(new[] { 2.5, 4.5, 1, 2.5, 4.5 }, ranks);
    }

    [Fact]
    public void TheMeasureThatDisagreesWithTheConsensusIsLeftOut()
    {
        // Three measures agree that candidate 0 is best and 2 worst; the fourth says the opposite and is trimmed.
        var measures = new[]
        {
            new[] { 0.9, 0.5, 0.1 },
            new[] { 0.8, 0.6, 0.2 },
            new[] { 0.7, 0.4, 0.3 },
            new[] { 0.0, 0.5, 1.0 },
        };

        var (scores, kept) = RobustBorda.Aggregate(measures);

        Assert.Equal(new[] { true, true, true, false }, kept);
        Assert.Equal(new[] { 1.0, 0.5, 0.0 }, scores);
    }

    [Fact]
    public void WithoutTrimmingItIsTheMeanRank()
    {
        var (scores, kept) = RobustBorda.Aggregate(new[] { new[] { 3.0, 2, 1 }, new[] { 1.0, 3, 2 } });

        // Mean ranks 2, 1.5, 2.5 on a scale from 1 (score 1) to 3 (score 0).
        Assert.All(kept, Assert.True);
        Assert.Equal(new[] { 0.5, 0.75, 0.25 }, scores);
    }
}
