using FsCheck;
using FsCheck.Fluent;
using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Properties;

/// <summary>
/// Random series with missing values, infinities, constant stretches, spikes and huge magnitudes go through every
/// classical detector and two small networks: nothing throws but a documented argument error, alerts are 0 or 1,
/// p-values lie in [0, 1] (SR's magnitude is at least 0), and a finite value never gets a NaN score.
/// </summary>
public sealed class HostileSeriesProperties
{
    /// <summary>One point: mostly noise around a level, sometimes a constant, a spike, a huge value, NaN or an infinity.</summary>
    private static readonly Gen<float> Point = Gen.Frequency(
        (40, Gen.Choose(-1000, 1000).Select(i => i / 100f)),
        (6, Gen.Constant(5f)),
        (3, Gen.Choose(1, 9).Select(i => i * 1e6f)),
        (2, Gen.Elements(1e30f, -1e30f, 3e20f)),
        (2, Gen.Constant(float.NaN)),
        (1, Gen.Elements(float.PositiveInfinity, float.NegativeInfinity)));

    /// <summary>Series of 40 to 240 points, half of them with a long constant stretch.</summary>
    private static readonly Arbitrary<float[]> Series = Gen.Choose(40, 240)
        .SelectMany(length => Gen.ArrayOf(Point, length))
        .SelectMany(values => Gen.Choose(0, 1).Select(flat => flat == 0 ? values : values.Select((v, i) => i < values.Length / 2 ? 0f : v).ToArray()))
        .ToArbitrary();

    private static readonly (string Name, Func<MLContext, IEstimator<ITransformer>> Create)[] Classical =
    {
        ("iid-spike", ml => ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value", pvalueHistoryLength: 30)),
        ("iid-spike chain", ml => ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", PValueHistoryLength = 30, PostProcessing = new() })),
        ("iid-changepoint", ml => ml.Transforms.DetectChangePointByIid("Prediction", "Value", changeHistoryLength: 20)),
        ("ssa-spike", ml => ml.Transforms.DetectAnomalyBySsaSpike("Prediction", "Value", pvalueHistoryLength: 30, trainingWindowSize: 30, seasonalityWindowSize: 6)),
        ("ssa-changepoint chain", ml => ml.Transforms.DetectAnomalyBySsaChangePoint(new SsaChangePointDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", TrainingWindowSize = 30, SeasonalityWindowSize = 6, PostProcessing = new() })),
        ("sr", ml => ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", "Value", windowSize: 16, judgementWindowSize: 8)),
    };

    [Fact]
    public void EveryClassicalDetectorStaysInRange()
        => Prop.ForAll(Series, series => Classical.All(detector => Holds(detector.Name, detector.Create, series)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40).WithReplay(1, 1));

    [Fact]
    public void SmallNetworksStayInRange()
        => Prop.ForAll(Series, series => new (string, Func<MLContext, IEstimator<ITransformer>>)[]
            {
                ("autoencoder", ml => ml.Transforms.DetectAnomalyByAutoencoder(new AutoencoderDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", WindowSize = 8, HiddenSize = 8, Epochs = 1 })),
                ("gru", ml => ml.Transforms.DetectAnomalyByGru(new GruDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", WindowSize = 8, HiddenSize = 8, Epochs = 1 })),
            }.All(detector => Holds(detector.Item1, detector.Item2, series)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(8).WithReplay(5, 5));

    [Fact]
    public void TheWholeSeriesDetectorRefusesNonFiniteValuesByRowAndStaysInRangeOtherwise()
        => Prop.ForAll(Series, series =>
        {
            var ml = new MLContext(seed: 1);
            var data = ml.ToDataView(series);
            var firstBad = Array.FindIndex(series, v => !float.IsFinite(v));
            try
            {
                var rows = ml.Predictions(ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(data, "Prediction", "Value", batchSize: -1, detectMode: SpectralResidualBatchMode.AnomalyAndMargin), "Prediction");
                return firstBad < 0 && rows.All(r => (r[0] is 0 or 1) && r.All(double.IsFinite));
            }
            catch (ArgumentException error)
            {
                return firstBad >= 0 && error.Message.Contains($"row {firstBad}");
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40).WithReplay(3, 3));

    /// <summary>
    /// Fits on the whole series and scores it: a documented argument error (too few usable values) is accepted; any
    /// other exception fails. Alerts are 0 or 1, p-values in [0, 1] and finite values get finite scores.
    /// </summary>
    private static bool Holds(string name, Func<MLContext, IEstimator<ITransformer>> create, float[] series)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(series);
        double[][] rows;
        try
        {
            rows = ml.Predictions(create(ml).Fit(data).Transform(data));
        }
        catch (ArgumentException)
        {
            return true;
        }

        for (var i = 0; i < rows.Length; i++)
        {
            var (alert, score, p) = (rows[i][0], rows[i][1], rows[i][2]);
            var finite = float.IsFinite(series[i]);
            // SR's third slot with ML.NET's output is the saliency magnitude, not a p-value: at least 0.
            var thirdInRange = name == "sr" ? p >= 0 : p is >= 0 and <= 1;
            var good = (alert is 0 or 1) && (double.IsNaN(p) ? !finite : thirdInRange) && (!finite || !double.IsNaN(score));
            if (!good)
            {
                throw new InvalidOperationException($"{name}: row {i} (value {series[i]}) gave alert {alert}, score {score}, p-value {p}.");
            }
        }

        return true;
    }
}
