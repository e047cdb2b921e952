using Microsoft.ML;
using MLNetAnomaly.Core.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Core.Data;

/// <summary>The window of a deep detector left without one is the period of the training series, found by autocorrelation.</summary>
public sealed class WindowChoiceTests
{
    private static float[] Seasonal(int length, int period, double noise = 1, double trend = 0, int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(i =>
        {
            var phase = 2 * Math.PI * i / period;
            // A sine and a sharper daily-like bump, so the shape is not a pure sine.
            var season = (10 * Math.Sin(phase)) + (6 * Math.Exp(-8 * Math.Pow(Math.Sin(phase / 2), 2)));
            return (float)(100 + (trend * i) + season + (noise * SyntheticSeries.Gaussian(random)));
        }).ToArray();
    }

    [Theory]
    [InlineData(12, 0.0)]
    [InlineData(24, 0.0)]
    [InlineData(37, 0.05)]
    [InlineData(100, 0.2)]
    [InlineData(288, 0.0)]
    public void ThePeriodOfANoisySeasonalSeriesIsFoundUnderTrendAndNoise(int period, double trend)
    {
        var series = Seasonal(Math.Max(750, 10 * period), period, noise: 3, trend: trend);

        // Long periods have flat peaks that noise may move by a row or two, which makes no difference to a window.
        var found = DominantPeriod.Find(series, 1, 512);
        Assert.NotNull(found);
        Assert.InRange(found!.Value, period - (period / 50), period + (period / 50));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void WhiteNoiseAStrongAutoregressionAndAConstantHaveNoPeriod(int seed)
    {
        var random = new Random(seed);
        var noise = Enumerable.Range(0, 750).Select(_ => (float)SyntheticSeries.Gaussian(random)).ToArray();
        var autoregressive = new float[750];
        for (var i = 1; i < autoregressive.Length; i++)
        {
            autoregressive[i] = (0.95f * autoregressive[i - 1]) + (float)SyntheticSeries.Gaussian(random);
        }

        Assert.Null(DominantPeriod.Find(noise, 1, 512));
        Assert.Null(DominantPeriod.Find(autoregressive, 1, 512));
        Assert.Null(DominantPeriod.Find(Enumerable.Repeat(5f, 300).ToArray(), 1, 512));
    }

    [Fact]
    public void AMultivariateSeriesTakesThePeriodItsDimensionsShare()
    {
        var first = Seasonal(600, 30, noise: 2, seed: 1);
        var second = Seasonal(600, 30, noise: 2, seed: 2).Select(v => -v).ToArray();
        var rows = first.Zip(second).SelectMany(p => new[] { p.First, p.Second }).ToArray();
        Assert.Equal(30, DominantPeriod.Find(rows, 2, 512));
    }

    [Theory]
    [InlineData(24, 24, "period 24 found")]
    [InlineData(5, 10, "smallest multiple")]
    [InlineData(288, 32, "longer than the largest")]
    public void TheChoiceIsBoundedAndSaysWhy(int period, int window, string reason)
    {
        var (chosen, why) = WindowChoice.Choose(Seasonal(Math.Max(750, 10 * period), period), 1);
        Assert.Equal(window, chosen);
        Assert.Contains(reason, why);
    }

    [Fact]
    public void ADayBesideAStrongerWeekGivesTheDay()
    {
        // Half-hourly data, like New York taxi rides: a daily cycle (48 rows) and a weekly one (336 rows) that no
        // window can cover, whose autocorrelation peak is the higher of the two.
        var random = new Random(5);
        var series = Enumerable.Range(0, 3000)
            .Select(i => (float)((10 * Math.Sin(2 * Math.PI * i / 48)) + (9 * Math.Sin(2 * Math.PI * i / 336)) + SyntheticSeries.Gaussian(random)))
            .ToArray();

        Assert.InRange(DominantPeriod.Find(series, 1, 512)!.Value, 330, 342);

        // The week's slope can move the day's peak by a row.
        var (window, reason) = WindowChoice.Choose(series, 1);
        Assert.InRange(window, 46, 48);
        Assert.Equal($"period {window} found in the training series", reason);
    }

    [Fact]
    public void AShortSeriesGetsAWindowOfAtMostAThirdOfItsRows()
    {
        var (chosen, why) = WindowChoice.Choose(Seasonal(45, 24), 1);
        Assert.Equal(15, chosen);
        Assert.Contains("a third of the 45 training rows", why);
    }

    [Theory]
    [MemberData(nameof(DeepDetectors.Names), MemberType = typeof(DeepDetectors))]
    public void ADeepDetectorWithoutAWindowTakesThePeriodAndReportsIt(string name)
    {
        var ml = new MLContext(seed: 1);
        var series = SyntheticSeries.NoisySine(400, period: 20);
        using var model = (DeepDetectorTransformer)DeepDetectors.Create(ml, name, epochs: 2, configure: o => o.WindowSize = null).Fit(ml.ToDataView(series));

        Assert.Equal(20, model.Options.WindowSize);
        Assert.Equal("period 20 found in the training series", model.WindowChoice);
        Assert.Equal(series.Length, ml.Predictions(model.Transform(ml.ToDataView(series))).Length);
    }

    [Fact]
    public void ASetWindowIsKeptAndTheChoiceSurvivesSaveAndLoad()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(SyntheticSeries.NoisySine(400, period: 20));
        using var set = (DeepDetectorTransformer)DeepDetectors.Create(ml, "cnn", window: 9, epochs: 1).Fit(data);
        using var chosen = (DeepDetectorTransformer)DeepDetectors.Create(ml, "cnn", epochs: 1, configure: o => o.WindowSize = null).Fit(data);
        ml.Model.Save(chosen, data.Schema, folder.File("cnn.zip"));
        using var loaded = (DeepDetectorTransformer)new MLContext().Model.Load(folder.File("cnn.zip"), out _);

        Assert.Equal((9, "set in the options"), (set.Options.WindowSize!.Value, set.WindowChoice));
        Assert.Equal((20, chosen.WindowChoice), (loaded.Options.WindowSize!.Value, loaded.WindowChoice));
    }
}
