using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors;

/// <summary>
/// Every public estimator meets the ML.NET estimator contract: schema propagation, fit and transform, named errors
/// for a missing or mistyped column, PredictionEngine, save and load in a fresh context, disposal.
/// </summary>
public sealed class DetectorContractTests
{
    private static readonly float[] Series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(300), 6, 280);

    private static readonly IReadOnlyDictionary<string, Func<MLContext, string, IEstimator<ITransformer>>> Estimators = new Dictionary<string, Func<MLContext, string, IEstimator<ITransformer>>>
    {
        ["lstm"] = (ml, column) => DeepDetectors.Create(ml, "lstm", column, epochs: 2),
        ["gru"] = (ml, column) => DeepDetectors.Create(ml, "gru", column, epochs: 2),
        ["rnn"] = (ml, column) => DeepDetectors.Create(ml, "rnn", column, epochs: 2),
        ["cnn"] = (ml, column) => DeepDetectors.Create(ml, "cnn", column, epochs: 2),
        ["autoencoder"] = (ml, column) => DeepDetectors.Create(ml, "autoencoder", column, epochs: 2),
        ["lstm-autoencoder"] = (ml, column) => DeepDetectors.Create(ml, "lstm-autoencoder", column, epochs: 2),
        ["iid-spike"] = (ml, column) => ml.Transforms.DetectAnomalyByIidSpike("Prediction", column),
        ["iid-spike with the chain"] = (ml, column) => ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { OutputColumnName = "Prediction", InputColumnName = column, PostProcessing = new() }),
        ["iid-changepoint"] = (ml, column) => ml.Transforms.DetectChangePointByIid("Prediction", column),
        ["iid-changepoint with the chain"] = (ml, column) => ml.Transforms.DetectChangePointByIid(new IidChangePointDetectorOptions { OutputColumnName = "Prediction", InputColumnName = column, PostProcessing = new() }),
        ["ssa-spike"] = (ml, column) => ml.Transforms.DetectAnomalyBySsaSpike("Prediction", column),
        ["ssa-spike with the chain"] = (ml, column) => ml.Transforms.DetectAnomalyBySsaSpike(new SsaSpikeDetectorOptions { OutputColumnName = "Prediction", InputColumnName = column, PostProcessing = new() }),
        ["ssa-changepoint"] = (ml, column) => ml.Transforms.DetectAnomalyBySsaChangePoint("Prediction", column),
        ["ssa-changepoint with the chain"] = (ml, column) => ml.Transforms.DetectAnomalyBySsaChangePoint(new SsaChangePointDetectorOptions { OutputColumnName = "Prediction", InputColumnName = column, PostProcessing = new() }),
        ["sr"] = (ml, column) => ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", column),
        ["srcnn"] = (ml, column) => ml.Transforms.DetectAnomalyBySpectralResidualCnn("Prediction", column),
        ["adapter"] = (ml, column) => ml.Transforms.NormalizeMeanVariance("Z", column, fixZero: false).AsDetector("Z", postProcessing: new()),
    };

    public static TheoryData<string> Names => new(Estimators.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void EstimatorMeetsTheContract(string name)
        => EstimatorContract.Check(Estimators[name], Series[..200], Series, requiresSingle: name != "adapter", slots: name is "iid-changepoint" or "ssa-changepoint" ? 4 : 3);

    [Fact]
    public void EveryDetectorKindIsCovered()
        => Assert.All(DetectorRegistry.AllDetectorNames, name => Assert.Contains(name, Estimators.Keys));
}
