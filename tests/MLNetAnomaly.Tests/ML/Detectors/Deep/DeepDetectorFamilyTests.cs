using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Deep;

/// <summary>The same behavioural checks for every deep detector.</summary>
public sealed class DeepDetectorFamilyTests
{
    private static readonly float[] Clean = SyntheticSeries.NoisySine(900);

    [Theory]
    [MemberData(nameof(DeepDetectors.Names), MemberType = typeof(DeepDetectors))]
    public void LearnsACleanSineAndFlagsSpikesAndALevelShift(string detector)
    {
        var ml = new MLContext(seed: 1);
        var model = DeepDetectors.Create(ml, detector, epochs: 15, configure: o => o.PostProcessing = TestChains.PerRow()).Fit(ml.ToDataView(Clean[..600]));
        var test = SyntheticSeries.WithLevelShift(SyntheticSeries.WithSpikes(Clean, 8, 700, 760), 6, 840);
        var scores = ml.Predictions(model.Transform(ml.ToDataView(test)));

        var clean = scores[620..700].Select(p => p[1]).OrderBy(s => s).ToArray();
        Assert.True(clean[clean.Length / 2] < 2.0, $"{detector}: median clean score {clean[clean.Length / 2]:F2}");
        foreach (var index in new[] { 700, 760, 840 })
        {
            Assert.True(scores[index][1] > clean[^1], $"{detector}: score at {index} ({scores[index][1]:F2}) should exceed the clean maximum {clean[^1]:F2}");
            Assert.Equal(1.0, scores[index][0]);
        }

        (model as IDisposable)?.Dispose();
    }

    [Theory]
    [MemberData(nameof(DeepDetectors.Names), MemberType = typeof(DeepDetectors))]
    public void MeetsTheEstimatorContract(string detector)
        => EstimatorContract.Check((ml, column) => DeepDetectors.Create(ml, detector, input: column, epochs: 2), Clean[..200], Clean[..300]);

    [Theory]
    [InlineData("lstm", 12)]
    [InlineData("cnn", 12)]
    [InlineData("autoencoder", 11)]
    [InlineData("lstm-autoencoder", 11)]
    public void WarmUpLengthIsTheRowsBeforeTheFirstFullWindow(string detector, int expected)
    {
        var ml = new MLContext(seed: 1);
        var model = (SequentialDetectorTransformer)DeepDetectors.Create(ml, detector, epochs: 1).Fit(ml.ToDataView(Clean[..100]));
        var predictions = ml.Predictions(model.Transform(ml.ToDataView(Clean[..40])));

        Assert.Equal(expected, model.WarmUpLength);
        Assert.All(predictions[..expected], p => Assert.Equal(new[] { 0.0, 0.0, 0.5 }, p));
        Assert.NotEqual(new[] { 0.0, 0.0, 0.5 }, predictions[expected]);
        model.Dispose();
    }

    [Fact]
    public void AutoencoderCanScoreTheWholeWindow()
    {
        var ml = new MLContext(seed: 1);
        var newest = DeepDetectors.Create(ml, "autoencoder", epochs: 3, configure: o => o.PostProcessing = TestChains.PerRow()).Fit(ml.ToDataView(Clean[..300]));
        var whole = DeepDetectors.Create(ml, "autoencoder", epochs: 3, configure: o =>
        {
            ((AutoencoderDetectorOptions)o).ScoreWholeWindow = true;
            o.PostProcessing = TestChains.PerRow();
        }).Fit(ml.ToDataView(Clean[..300]));
        var spiked = SyntheticSeries.WithSpikes(Clean, 8, 500);

        var byNewest = ml.Predictions(newest.Transform(ml.ToDataView(spiked)));
        var byWindow = ml.Predictions(whole.Transform(ml.ToDataView(spiked)));

        // Judged by its newest row, only the spike's own row stands out; judged by the whole window, so do the
        // rows after it whose windows still contain the spike.
        Assert.True(byNewest[505][1] < byNewest[500][1] / 2);
        Assert.True(byWindow[505][1] > byWindow[400][1] * 2);
        Assert.True(((AutoencoderDetectorOptions)((DeepDetectorTransformer)whole).Options).ScoreWholeWindow);
    }

    [Fact]
    public void EarlyStoppingOnAValidationShareGivesADifferentButWorkingModel()
    {
        var ml = new MLContext(seed: 1);
        var plain = DeepDetectors.Create(ml, "gru", epochs: 30).Fit(ml.ToDataView(Clean[..400]));
        var early = DeepDetectors.Create(ml, "gru", epochs: 30, configure: o =>
        {
            o.ValidationFraction = 0.25;
            o.Patience = 2;
            o.GradientClip = 1.0;
        }).Fit(ml.ToDataView(Clean[..400]));

        var spiked = SyntheticSeries.WithSpikes(Clean, 8, 700);
        var plainScores = ml.Predictions(plain.Transform(ml.ToDataView(spiked))).Scores();
        var earlyScores = ml.Predictions(early.Transform(ml.ToDataView(spiked))).Scores();

        Assert.NotEqual(plainScores, earlyScores);
        Assert.Equal(700, Array.IndexOf(earlyScores, earlyScores.Max()));
        Assert.Equal(0.25, ((DeepDetectorTransformer)early).Options.ValidationFraction);
    }
}
