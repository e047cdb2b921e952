using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Tests.Core.PostProcessing;

public sealed class ChainRulesTests
{
    private static readonly double[] TrainingScores = Enumerable.Range(0, 300).Select(i => 1 + (0.5 * Math.Sin(i))).ToArray();

    private static ScoreChain Chain(Action<PostProcessingOptions> configure, double min = 0, double max = 10, int context = 5)
    {
        var options = new PostProcessingOptions { Calibration = ScoreCalibration.Static, Threshold = AlertThreshold.Score, ScoreThreshold = 0.5 };
        configure(options);
        return new ScoreChain(options.ToSettings(context), TrainingScores, new[] { min }, new[] { max });
    }

    private static DetectorOutput Apply(ScoreChain.Session session, double raw, float value) => session.Apply(raw, new[] { value });

    [Fact]
    public void RangeRuleFlagsAValueBeyondTheWidenedRange()
    {
        var session = Chain(o => o.RangeRule = true).Start();

        var output = Apply(session, 1.0, 10.6f); // above 10 + 5% of the width 10

        Assert.Equal(ChainScore.RangePValue, output.PValue);
        Assert.Equal(1.0, output.Score, 12);
        Assert.Equal(1.0, output.Alert);
    }

    [Fact]
    public void RangeRuleLeavesValuesWithinTheToleranceAndLearnsTheNewRange()
    {
        var session = Chain(o => o.RangeRule = true).Start();

        Assert.Equal(0.0, Apply(session, 1.0, 10.4f).Alert); // within the 5% tolerance
        Assert.Equal(1.0, Apply(session, 1.0, 20f).Alert); // a new maximum...
        Assert.Equal(0.0, Apply(session, 1.0, 19f).Alert); // ...which then belongs to the range
    }

    [Fact]
    public void RangeRuleOffLeavesOutOfRangeValuesToTheCalibrator()
    {
        var session = Chain(o => o.RangeRule = false).Start();

        Assert.Equal(0.0, Apply(session, 1.0, 1000f).Alert);
    }

    [Fact]
    public void RangeRuleOnAFlatHistoryFlagsAnyOtherValue()
    {
        var session = Chain(o => o.RangeRule = true, min: 5, max: 5).Start();

        Assert.Equal(0.0, Apply(session, 1.0, 5f).Alert);
        Assert.Equal(1.0, Apply(session, 1.0, 500f).Alert);
    }

    [Fact]
    public void RefractoryPeriodSuppressesAlertsForItsLengthOnly()
    {
        var session = Chain(o => { o.RangeRule = false; o.RefractoryPeriod = 3; }).Start();

        var alerts = Enumerable.Range(0, 6).Select(_ => Apply(session, 100, 1f).Alert).ToList();

        Assert.Equal(new double[] { 1, 0, 0, 0, 1, 0 }, alerts);
    }

    [Fact]
    public void RefractoryPeriodKeepsScoresAndPValues()
    {
        var suppressed = Chain(o => { o.RangeRule = false; o.RefractoryPeriod = 3; }).Start();
        var free = Chain(o => { o.RangeRule = false; o.RefractoryPeriod = 0; }).Start();

        for (var i = 0; i < 4; i++)
        {
            var a = Apply(suppressed, 100, 1f);
            var b = Apply(free, 100, 1f);
            Assert.Equal(b.Score, a.Score);
            Assert.Equal(b.PValue, a.PValue);
            Assert.Equal(1.0, b.Alert);
        }
    }

    [Fact]
    public void AutomaticRefractoryPeriodIsTheDetectorsContextLength()
    {
        Assert.Equal(7, new PostProcessingOptions().ToSettings(7).RefractoryPeriod);
        Assert.Equal(0, new PostProcessingOptions { RefractoryPeriod = 0 }.ToSettings(7).RefractoryPeriod);
    }

    [Fact]
    public void ScoreScaleIsNabsLogScaling()
    {
        Assert.Equal(0.5, ChainScore.FromPValue(1e-5), 12);
        Assert.Equal(1.0, ChainScore.FromPValue(1e-10), 12);
        Assert.Equal(0.0, ChainScore.FromPValue(1), 12);
        Assert.Equal(ChainScore.Maximum, ChainScore.FromPValue(0), 12);
        Assert.Equal(1e-5, ChainScore.ToPValue(0.5), 15);
    }

    [Fact]
    public void SpotOnTiedTrainingScoresFallsBackToTheScoreRule()
    {
        var options = new PostProcessingOptions { Calibration = ScoreCalibration.Static, Threshold = AlertThreshold.Spot, RangeRule = false };
        var chain = new ScoreChain(options.ToSettings(0), Enumerable.Repeat(2.0, 300).ToArray(), new[] { 0.0 }, new[] { 1.0 });
        var session = chain.Start();

        Assert.False(chain.Alerts.UsesSpot);
        Assert.Equal(0.0, session.Apply(2.0, new[] { 0.5f }).Alert);
        Assert.Equal(1.0, session.Apply(50.0, new[] { 0.5f }).Alert);
    }

    [Fact]
    public void SessionStateRoundTripsAndContinuesIdentically()
    {
        var chain = Chain(o => { o.Calibration = ScoreCalibration.Likelihood; o.Threshold = AlertThreshold.Spot; o.RefractoryPeriod = 4; });
        var random = new Random(12);
        var session = chain.Start();
        for (var i = 0; i < 250; i++)
        {
            Apply(session, random.NextDouble() * (i % 37 == 0 ? 20 : 1), (float)(random.NextDouble() * 12));
        }

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            session.SaveState(writer);
        }

        var restored = chain.Start();
        buffer.Position = 0;
        restored.RestoreState(new BinaryReader(buffer));
        for (var i = 0; i < 300; i++)
        {
            var raw = random.NextDouble() * (i % 23 == 0 ? 30 : 1);
            var value = (float)(random.NextDouble() * 14);
            Assert.Equal(Apply(session, raw, value), Apply(restored, raw, value));
        }
    }
}
