using Microsoft.ML;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.Metrics;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Classical;

public sealed class SpectralResidualCnnTests
{
    [Fact]
    public void ShippedNetworkRanksHeldBackAnomaliesBetterThanPlainSpectralResidual()
    {
        // Synthetic series the network never saw (its training used seed 1; benchmarks use seeds 2 and 3).
        var ml = new MLContext(seed: 1);
        var random = new Random(11);
        var labels = new List<bool>();
        var sr = new List<double>();
        var cnn = new List<double>();
        for (var s = 0; s < 20; s++)
        {
            var series = SyntheticAnomalies.Series(random, 600);
            var injected = SyntheticAnomalies.Inject(random, series, 0.02);
            var data = ml.ToDataView(series);
            var srScores = ml.Predictions(ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", "Value").Fit(data).Transform(data)).Scores();
            // The network's own probabilities, before any post-processing: this compares the networks' rankings.
            var cnnScores = ml.Predictions(ml.Transforms.DetectAnomalyBySpectralResidualCnn(new SpectralResidualCnnDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", PostProcessing = null }).Fit(data).Transform(data)).Scores();
            labels.AddRange(injected[63..]);
            sr.AddRange(srScores[63..]);
            cnn.AddRange(cnnScores[63..]);
        }

        var srAucPr = DetectionMetrics.AucPr(labels.ToArray(), sr.ToArray());
        var cnnAucPr = DetectionMetrics.AucPr(labels.ToArray(), cnn.ToArray());
        var srF1 = DetectionMetrics.BestF1(labels.ToArray(), sr.ToArray()).F1;
        var cnnF1 = DetectionMetrics.BestF1(labels.ToArray(), cnn.ToArray()).F1;
        Assert.True(cnnAucPr > srAucPr && cnnF1 > srF1, $"AUC-PR: SR-CNN {cnnAucPr:F3}, SR {srAucPr:F3}; best F1: SR-CNN {cnnF1:F3}, SR {srF1:F3}");
    }

    [Fact]
    public void RetrainingOnTheInputSeriesChangesTheNetworkAndKeepsFlaggingSpikes()
    {
        var ml = new MLContext(seed: 1);
        var series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(800, noise: 0.3), 40, 600, 700);
        var data = ml.ToDataView(series);
        var shipped = ml.Predictions(ml.Transforms.DetectAnomalyBySpectralResidualCnn(new SpectralResidualCnnDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", PostProcessing = null }).Fit(data).Transform(data));
        var retrained = ml.Transforms.DetectAnomalyBySpectralResidualCnn(new SpectralResidualCnnDetectorOptions
        {
            InputColumnName = "Value",
            OutputColumnName = "Prediction",
            Epochs = 1,
            Copies = 2,
            PostProcessing = null,
        }).Fit(ml.ToDataView(SyntheticSeries.NoisySine(800, noise: 0.3)));
        var predictions = ml.Predictions(retrained.Transform(data));

        Assert.NotEqual(shipped.Scores(), predictions.Scores());
        Assert.True(predictions[600][1] > 0.5 && predictions[700][1] > 0.5, $"probabilities at the spikes: {predictions[600][1]:F2}, {predictions[700][1]:F2}");
    }

    [Fact]
    public void AnotherWindowNeedsTrainingAndSaysSo()
    {
        var ml = new MLContext(seed: 1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.DetectAnomalyBySpectralResidualCnn(new SpectralResidualCnnDetectorOptions
        {
            InputColumnName = "Value",
            OutputColumnName = "Prediction",
            WindowSize = 32,
        }));

        Assert.Equal("WindowSize", error.ParamName);
        Assert.Contains("Epochs above 0", error.Message);
    }
}
