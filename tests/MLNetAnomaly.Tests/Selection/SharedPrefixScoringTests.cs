using Microsoft.ML;
using MLNetAnomaly.Selection;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Selection;

public sealed class SharedPrefixScoringTests
{
    [Theory]
    [InlineData("lstm")]
    [InlineData("autoencoder")]
    [InlineData("iid-spike")]
    [InlineData("sr")]
    [InlineData("srcnn")]
    [InlineData("adapted")]
    public void ScoringTheSharedPartOnceGivesWhatScoringEachSeriesInFullGives(string name)
    {
        var ml = new MLContext(seed: 1);
        var clean = SyntheticSeries.NoisySine(700);
        var series = new[] { clean, SyntheticSeries.WithSpikes(clean, 9, 520, 650), SyntheticSeries.WithSpikes(clean, -7, 600) };
        var training = ml.ToDataView(clean[..400]);
        var model = name switch
        {
            "adapted" => ml.Transforms.DetectAnomalyByIidSpike("Raw", "Value").AsDetector("Raw", "Prediction").Fit(training),
            _ when DetectorRegistry.DeepDetectorNames.Contains(name) => DeepDetectors.Create(ml, name, epochs: 3).Fit(training),
            _ => DetectorRegistry.CreateEstimator(ml.Transforms, name, "Prediction", "Value").Fit(training),
        };
        var trial = SelectionSearchSpace.Ordered(new[] { name == "adapted" ? "iid-spike" : name }, seed: 1)[0];

        var scorer = new InjectedTrialScorer(clean, split: 400, seed: 1);
        var shared = scorer.ScoreSharingPrefix(model, trial, ml, series, shared: 500);

        for (var s = 0; s < series.Length; s++)
        {
            var (ranks, alerts) = scorer.Score(model, trial, ml, series[s]);
            Assert.Equal(alerts, shared[s].Alerts);
            for (var i = 0; i < ranks.Length; i++)
            {
                Assert.Equal(ranks[i], shared[s].Ranks[i], Math.Max(1e-5, Math.Abs(ranks[i]) * 1e-5));
            }
        }
    }
}
