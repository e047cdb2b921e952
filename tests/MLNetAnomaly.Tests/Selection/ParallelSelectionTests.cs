using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;
using MLNetAnomaly.Selection;

namespace MLNetAnomaly.Tests.Selection;

/// <summary>
/// Parallel trials change libtorch's process-wide thread count for the run, so this test runs alone, not beside
/// other test classes' networks.
/// </summary>
[Collection(ProcessWideTorchSettings.Name)]
[Trait("Category", "Slow")]
public sealed class ParallelSelectionTests
{
    private static DetectorSelectionOptions Options() => new()
    {
        InputColumnName = "Value",
        MaxTrials = 5,
        Detectors = new[] { "iid-spike", "sr", "gru", "autoencoder" },
    };

    [Fact]
    public void ParallelTrialsGiveTheSameLeaderboard()
    {
        var ml = new MLContext(seed: 1);
        var options = Options();
        var data = ml.ToDataView(SyntheticSeries.NoisySine(800));
        TorchNativeSupport.EnsureLoadable();
        var threads = TorchSharp.torch.get_num_threads();

        var serial = ml.AnomalyDetection.CreateDetectorSelection(options).Run(data);
        options.MaxParallelTrials = 2;
        var parallel = ml.AnomalyDetection.CreateDetectorSelection(options).Run(data);

        Assert.All(serial.Leaderboard.Concat(parallel.Leaderboard), t => Assert.True(t.Error is null, t.ToString()));
        Assert.Equal(serial.Leaderboard.Select(t => (t.Number, t.Metric, t.Epochs)), parallel.Leaderboard.Select(t => (t.Number, t.Metric, t.Epochs)));
        Assert.Equal(threads, TorchSharp.torch.get_num_threads());
    }
}
