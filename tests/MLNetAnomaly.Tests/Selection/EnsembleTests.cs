using Microsoft.ML;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Tests.TestFramework;
using MLNetAnomaly.Selection;

namespace MLNetAnomaly.Tests.Selection;

public sealed class EnsembleTests
{
    private static readonly float[] Spiked = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(900, noise: 0.3), 25, 500, 700, 850);

    private static DetectorSelectionOptions Options(int ensembleSize) => new()
    {
        InputColumnName = "Value",
        MaxTrials = 4,
        Detectors = new[] { "iid-spike", "sr", "autoencoder" },
        EnsembleSize = ensembleSize,
    };

    [Fact]
    public void AnEnsembleOfTheTopThreeAveragesScoresOnTheChainsScaleAndFlagsTheSpikes()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);

        // Selected and fitted on the stretch before the first spike, then scoring the whole series.
        var result = ml.AnomalyDetection.CreateDetectorSelection(Options(3)).Run(ml.ToDataView(Spiked[..450]));
        var ensemble = Assert.IsType<DetectorEnsembleTransformer>(result.BestModel);
        var predictions = ml.Predictions(ensemble.Transform(data));

        Assert.Equal(3, ensemble.Members.Count);
        Assert.All(ensemble.Members, m => Assert.NotNull(m.PostProcessing));
        Assert.All(predictions, p => Assert.InRange(p[1], 0, ChainScore.Maximum));
        Assert.All(predictions.Skip(ensemble.WarmUpLength), p => Assert.Equal(ChainScore.ToPValue(p[1]), p[2], 12));
        // The first two spikes alert and outscore every row outside the spikes and the few rows after each (where the
        // members' histories still hold a spike). The third, 150 rows after the second, is damped: the likelihood's
        // recent history still holds the first two; it still ranks in the top 2% of the other rows.
        var spikes = new[] { 500, 700, 850 };
        var others = predictions.Where((_, i) => !spikes.Any(s => i >= s && i <= s + 5)).Select(p => p[1]).Order().ToArray();
        Assert.All(spikes[..2], s => Assert.True(predictions[s][0] == 1 && predictions[s][1] > others[^1], $"spike {s}: alert {predictions[s][0]}, score {predictions[s][1]:G4}; highest elsewhere {others[^1]:G4}"));
        Assert.True(predictions[850][1] > others[(int)(others.Length * 0.98)], $"spike 850: score {predictions[850][1]:G4}; 98th percentile elsewhere {others[(int)(others.Length * 0.98)]:G4}");

        // Alert where at least half of the members alert; the score is the members' mean.
        var members = ensemble.Members.Select(m => ml.Predictions(m.Transform(data))).ToList();
        for (var i = ensemble.WarmUpLength; i < predictions.Length; i++)
        {
            var alerts = members.Count(m => m[i][0] > 0);
            Assert.Equal(2 * alerts >= members.Count ? 1.0 : 0.0, predictions[i][0]);
            Assert.Equal(members.Average(m => m[i][1]), predictions[i][1], 9);
        }
    }

    [Fact]
    public void AnEnsembleRefusesAMemberWithoutPostProcessing()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked[..300]);
        using var mlnet = ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value").Fit(data);

        var error = Assert.Throws<ArgumentException>(() => DetectorEnsembleTransformer.Create("Value", "Prediction", new SequentialDetectorTransformer[] { mlnet }));
        Assert.Contains("post-processing", error.Message);
    }

    [Fact]
    public void AnEnsembleSavesAndLoadsWithItsMembers()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);
        var ensemble = ml.AnomalyDetection.CreateDetectorSelection(Options(3)).Run(data).BestModel;
        ml.Model.Save(ensemble, data.Schema, folder.File("ensemble.zip"));

        var fresh = new MLContext();
        var loaded = Assert.IsType<DetectorEnsembleTransformer>(fresh.Model.Load(folder.File("ensemble.zip"), out _));

        Assert.Equal(3, loaded.Members.Count);
        Assert.Equal(ml.Predictions(ensemble.Transform(data)), fresh.Predictions(loaded.Transform(data)));
    }
}
