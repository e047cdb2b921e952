using MLNetAnomaly.Core.Selection;

namespace MLNetAnomaly.Tests.Core.Selection;

public sealed class RankAgreementTests
{
    [Fact]
    public void DetectorsThatAgreeAreMoreCentralThanOneThatDisagrees()
    {
        var truth = Enumerable.Range(0, 50).Select(i => Math.Sin(i * 0.7)).ToArray();
        var random = new Random(3);
        double[] Noisy(double noise) => truth.Select(v => v + (noise * random.NextDouble())).ToArray();
        var scores = new[] { Noisy(0.1), Noisy(0.1), Noisy(0.2), truth.Select(v => -v).ToArray(), null };

        var centrality = RankAgreement.Centrality(scores, neighbours: 2);

        Assert.All(centrality[..3], c => Assert.True(c > 0.8, $"centrality {c}"));
        Assert.True(centrality[3] < 0, $"the contrarian's centrality {centrality[3]}");
        Assert.True(double.IsNaN(centrality[4]));
    }

    [Fact]
    public void ACorrelationWithAConstantIsZero()
    {
        Assert.Equal(0, RankAgreement.Correlation(new double[] { 1, 1, 1 }, new double[] { 1, 2, 3 }));
        Assert.Equal(1, RankAgreement.Correlation(new double[] { 1, 2, 3 }, new double[] { 2, 4, 6 }), 12);
    }
}
