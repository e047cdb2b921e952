using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML;

/// <summary>Runs <see cref="EstimatorContract"/> against every detector.</summary>
public sealed class DetectorContractTests
{
    private static readonly float[] Series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(300), 6, 280);

    [Fact]
    public void LstmDetectorMeetsTheEstimatorContract()
        => EstimatorContract.Check(
            (ml, column) =>
            {
                var options = TinyLstm.Options(epochs: 2);
                options.InputColumnName = column;
                return ml.Transforms.DetectAnomalyByLstm(options);
            },
            Series[..200],
            Series);
}
