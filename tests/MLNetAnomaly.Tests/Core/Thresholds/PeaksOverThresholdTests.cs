using MLNetAnomaly.Core.Thresholds;

namespace MLNetAnomaly.Tests.Core.Thresholds;

public sealed class PeaksOverThresholdTests
{
    [Fact]
    public void ExponentialTailGivesTheTrueQuantile()
    {
        // Exp(1): P(X > z) = e^-z, so the 1e-3 threshold is ln(1000) = 6.91.
        var random = new Random(3);
        var scores = Enumerable.Range(0, 50_000).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray();

        var spot = new PeaksOverThreshold(scores, risk: 1e-3);

        Assert.InRange(spot.Threshold, 6.91 * 0.93, 6.91 * 1.07);
        Assert.InRange(spot.Tail.Shape, -0.1, 0.1);
    }

    [Fact]
    public void HeavyTailGivesTheTrueQuantileAndShape()
    {
        // Generalised Pareto with shape 0.3, scale 1: P(X > z) = (1 + 0.3 z)^(-1/0.3); the 1e-4 quantile is 49.5.
        const double shape = 0.3, risk = 1e-4;
        const int SampleSize = 100_000; // 2,000 peaks over the 98% quantile
        var truth = (Math.Pow(risk, -shape) - 1) / shape;
        var random = new Random(5);
        var scores = Enumerable.Range(0, SampleSize).Select(_ => (Math.Pow(1 - random.NextDouble(), -shape) - 1) / shape).ToArray();

        var spot = new PeaksOverThreshold(scores, risk);

        // Above t the excesses are again generalised Pareto, with the same shape and scale 1 + 0.3 t.
        Assert.InRange(spot.Tail.Shape, 0.2, 0.4);
        Assert.InRange(spot.Tail.Scale, (1 + (shape * spot.InitialThreshold)) * 0.85, (1 + (shape * spot.InitialThreshold)) * 1.15);
        Assert.InRange(spot.Threshold, truth * 0.85, truth * 1.15);
    }

    [Fact]
    public void BoundedTailStaysBelowTheBound()
    {
        var random = new Random(9);
        var scores = Enumerable.Range(0, 20_000).Select(_ => random.NextDouble()).ToArray();

        var spot = new PeaksOverThreshold(scores, risk: 1e-3);

        Assert.True(spot.Tail.Shape < 0);
        Assert.InRange(spot.Threshold, 0.98, 1.02); // the true 1e-3 quantile is 0.999
    }

    [Fact]
    public void StreamingFlagsExtremesAndLearnsFromPeaksBelowTheThreshold()
    {
        var random = new Random(4);
        var spot = new PeaksOverThreshold(Enumerable.Range(0, 5_000).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray(), risk: 1e-3);
        var before = spot.Threshold;

        Assert.True(spot.Update(before * 3));
        Assert.False(spot.Update(1.0));
        for (var i = 0; i < 10; i++)
        {
            Assert.False(spot.Update((spot.InitialThreshold + before) / 2));
        }

        Assert.NotEqual(before, spot.Threshold); // new peaks refit the tail
    }

    [Fact]
    public void HugeAnomaliesRaiseTheThresholdOnlyAsFarAsPeaksAtTheThresholdWould()
    {
        var random = new Random(6);
        var spot = new PeaksOverThreshold(Enumerable.Range(0, 5_000).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray(), risk: 1e-3);
        var before = spot.Threshold;

        for (var i = 0; i < 50; i++)
        {
            Assert.True(spot.Update(before * 100));
        }

        // Learned as they are, fifty scores of 100 times the threshold would drag it far up; censored, they count as
        // peaks at the threshold, which moves it only a little.
        Assert.InRange(spot.Threshold, before * 0.9, before * 1.25);
    }

    [Fact]
    public void BadSettingsAreNamed()
    {
        var scores = Enumerable.Range(0, 1_000).Select(i => (double)i).ToArray();

        Assert.Equal("risk", Assert.Throws<ArgumentOutOfRangeException>(() => new PeaksOverThreshold(scores, 0)).ParamName);
        Assert.Equal("risk", Assert.Throws<ArgumentOutOfRangeException>(() => new PeaksOverThreshold(scores, 0.5)).ParamName);
        Assert.Equal("initialQuantile", Assert.Throws<ArgumentOutOfRangeException>(() => new PeaksOverThreshold(scores, 1e-3, 1)).ParamName);
        Assert.Contains("at least 10", Assert.Throws<ArgumentException>(() => new PeaksOverThreshold(scores[..100], 1e-3)).Message);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.2)]
    public void RefitNearThePreviousFitAgreesWithAFullFit(double shape)
    {
        // Peaks from a generalised Pareto tail; a twentieth of them replaced, as between two streaming refits.
        var random = new Random(8);
        double Draw() => (Math.Pow(1 - random.NextDouble(), -shape) - 1) / shape;
        var peaks = Enumerable.Range(0, 400).Select(_ => Draw()).ToArray();
        var previous = GeneralizedParetoFit.Fit(peaks);
        for (var i = 0; i < 20; i++)
        {
            peaks[i] = Draw();
        }

        var full = GeneralizedParetoFit.Fit(peaks);
        var refit = GeneralizedParetoFit.Refit(peaks, previous);

        // The two may settle on neighbouring roots; what matters is the fit's quality and the threshold it gives.
        Assert.True(refit.LogLikelihood(peaks) >= full.LogLikelihood(peaks) - 0.05, $"refit {refit}, full fit {full}");
        Assert.Equal(full.PeakQuantile(0.01), refit.PeakQuantile(0.01), 0.02 * full.PeakQuantile(0.01));
    }
}
