using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Deep;

/// <summary>
/// Issue 16, item 1: a metric that sits still during training (a flat 5, or 0) must not blind a deep detector. A 500
/// after the flat stretch used to score 1.2e12 with p-value 0 and no alert, because SPOT's threshold on the tied training
/// scores was not finite. Every alert rule now gives a finite threshold or falls back, and the model says which.
/// </summary>
public sealed class FlatTrainingTests
{
    [Theory]
    [MemberData(nameof(DeepDetectors.Names), MemberType = typeof(DeepDetectors))]
    public void AJumpAfterAFlatTrainingStretchIsAnAlertUnderEveryThresholdRule(string name)
    {
        var ml = new MLContext(seed: 1);
        var flat = Enumerable.Repeat(5f, 200).ToArray();
        var series = Enumerable.Repeat(5f, 300).ToArray();
        series[250] = 500;

        foreach (var threshold in new[] { AlertThreshold.Spot, AlertThreshold.PValue, AlertThreshold.Score, AlertThreshold.Contamination })
        {
            using var model = (SequentialDetectorTransformer)DeepDetectors.Create(ml, name, epochs: 2, configure: o => o.PostProcessing.Threshold = threshold).Fit(ml.ToDataView(flat));
            var predictions = ml.Predictions(model.Transform(ml.ToDataView(series)));

            Assert.True(predictions[250][0] == 1, $"{name}, {threshold}: no alert at the jump: [{string.Join(", ", predictions[250])}]");
            Assert.True(double.IsFinite(predictions[250][1]) && predictions[250][1] <= ChainMaximumScore, $"{name}, {threshold}: score {predictions[250][1]}");
            Assert.InRange(predictions[250][2], 0, 1);
            Assert.NotNull(model.AlertRuleFitted);
            if (threshold == AlertThreshold.Spot)
            {
                Assert.False(model.AlertRuleFitted, $"{name}: SPOT cannot fit a tail on flat training scores; the model must say it uses the score rule.");
            }
        }
    }

    // Score = -log10(p) / 10 with p floored at the smallest positive double: at most about 32.4.
    private const double ChainMaximumScore = 33;
}
