using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Classical;

public sealed class ClassicalDetectorTests
{
    private static readonly float[] Sine = SyntheticSeries.NoisySine(600, noise: 0.3);

    private static readonly float[] Spiked = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(600, noise: 0.3), 40, 300, 450);

    public static TheoryData<string> Names => new() { "iid-spike", "sr", "srcnn" };

    /// <summary>
    /// The detector with ML.NET's defaults and output (SR-CNN: its network's own output, no post-processing).
    /// </summary>
    private static IEstimator<ITransformer> Create(MLContext ml, string name) => name switch
    {
        "iid-spike" => ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value"),
        "srcnn" => ml.Transforms.DetectAnomalyBySpectralResidualCnn(new SpectralResidualCnnDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", PostProcessing = null }),
        _ => ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", "Value"),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void FlagsObviousSpikesAndIgnoresACleanSine(string name)
    {
        var ml = new MLContext(seed: 1);
        var spikes = ml.Predictions(Create(ml, name).Fit(ml.ToDataView(Spiked)).Transform(ml.ToDataView(Spiked)));
        var clean = ml.Predictions(Create(ml, name).Fit(ml.ToDataView(Sine)).Transform(ml.ToDataView(Sine)));

        Assert.Equal(1, spikes[300][0]);
        Assert.Equal(1, spikes[450][0]);
        var falseAlerts = clean.Skip(100).Count(p => p[0] > 0);
        Assert.True(falseAlerts == 0, $"{name}: {falseAlerts} alerts on a clean sine");
    }

    [Fact]
    public void SpectralResidualWithMLNetsDefaultThresholdFlagsASpikeOnAFlatSeries()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var flat = Enumerable.Range(0, 300).Select(_ => (float)(5 + (0.05 * random.NextDouble()))).ToArray();
        flat[200] = 10;

        var predictions = ml.Predictions(ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", "Value").Fit(ml.ToDataView(flat)).Transform(ml.ToDataView(flat)));

        Assert.Equal(1, predictions[200][0]);
        Assert.True(predictions[200][1] > predictions.Where((_, i) => i != 200).Max(p => p[1]), "the spike has the highest raw score");
    }

    [Fact]
    public void IidSpikeRespectsTheSide()
    {
        var ml = new MLContext(seed: 1);
        var dip = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(300, noise: 0.3), -40, 250);
        var positive = ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value", side: SpikeSide.Positive).Fit(ml.ToDataView(dip));
        var negative = ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value", side: SpikeSide.Negative).Fit(ml.ToDataView(dip));

        Assert.Equal(0, ml.Predictions(positive.Transform(ml.ToDataView(dip)))[250][0]);
        Assert.Equal(1, ml.Predictions(negative.Transform(ml.ToDataView(dip)))[250][0]);
    }

    [Fact]
    public void IidSpikeRawScoreIsTheValueAndSlotsAreNamedLikeMLNet()
    {
        var ml = new MLContext(seed: 1);
        var scored = ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value").Fit(ml.ToDataView(Spiked)).Transform(ml.ToDataView(Spiked));

        var predictions = ml.Predictions(scored);
        Assert.Equal(Spiked[123], predictions[123][1], 5);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Prediction"].GetSlotNames(ref names);
        Assert.Equal(new[] { "Alert", "Raw Score", "P-Value" }, names.DenseValues().Select(n => n.ToString()));
    }

    [Fact]
    public void SpectralResidualSlotsAreAlertRawScoreAndMagnitude()
    {
        var ml = new MLContext(seed: 1);
        var scored = ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", "Value").Fit(ml.ToDataView(Spiked)).Transform(ml.ToDataView(Spiked));

        var predictions = ml.Predictions(scored);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Prediction"].GetSlotNames(ref names);
        Assert.Equal(new[] { "Alert", "Raw Score", "Mag" }, names.DenseValues().Select(n => n.ToString()));
        Assert.All(predictions[..63], p => Assert.Equal(new double[] { 0, 0, 0 }, p));
        Assert.True(predictions[300][2] > predictions[299][2], "the spike's saliency magnitude stands above its neighbour's");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SavedAndReloadedDetectorGivesIdenticalOutputs(string name)
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Spiked);
        var model = Create(ml, name).Fit(data);
        ml.Model.Save(model, data.Schema, folder.File("model.zip"));

        var fresh = new MLContext();
        var loaded = fresh.Model.Load(folder.File("model.zip"), out _);

        Assert.Equal(model.GetType(), loaded.GetType());
        Assert.Equal(ml.Predictions(model.Transform(data)), fresh.Predictions(loaded.Transform(data)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void PredictionEngineScoresLikeTransform(string name)
    {
        var ml = new MLContext(seed: 1);
        var model = Create(ml, name).Fit(ml.ToDataView(Spiked));
        var batch = ml.Predictions(model.Transform(ml.ToDataView(Spiked[..200])));

        var engine = ml.Model.CreatePredictionEngine<ValueRow, PredictionRow>(model);
        var streamed = Spiked[..200].Select(v => engine.Predict(new ValueRow { Value = v }).Prediction.ToArray()).ToArray();

        // SR-CNN's network runs one map at a time in the engine and 256 at a time in Transform: equal up to float rounding.
        for (var i = 0; i < batch.Length; i++)
        {
            for (var slot = 0; slot < 3; slot++)
            {
                Assert.Equal(batch[i][slot], streamed[i][slot], 5);
            }
        }
    }

    [Theory]
    [InlineData("PValueHistoryLength")]
    [InlineData("Confidence")]
    [InlineData("WindowSize")]
    [InlineData("JudgementWindowSize")]
    [InlineData("LookaheadWindowSize")]
    [InlineData("Threshold")]
    public void OutOfRangeParametersNameThemselves(string parameter)
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsAny<ArgumentException>(() => parameter switch
        {
            "PValueHistoryLength" => (object)ml.Transforms.DetectAnomalyByIidSpike("P", "Value", pvalueHistoryLength: 1),
            "Confidence" => ml.Transforms.DetectAnomalyByIidSpike("P", "Value", confidence: 100),
            "WindowSize" => ml.Transforms.DetectAnomalyBySpectralResidual("P", "Value", windowSize: 1),
            "JudgementWindowSize" => ml.Transforms.DetectAnomalyBySpectralResidual("P", "Value", windowSize: 16, judgementWindowSize: 21),
            "LookaheadWindowSize" => ml.Transforms.DetectAnomalyBySpectralResidual("P", "Value", windowSize: 16, lookaheadWindowSize: 16),
            _ => ml.Transforms.DetectAnomalyBySpectralResidual("P", "Value", threshold: 1.5),
        });

        Assert.Equal(parameter, error.ParamName);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void WrongColumnTypeIsAClearErrorNamingTheColumn(string name)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new DoubleRow { Value = 1 } });

        var error = Assert.ThrowsAny<ArgumentException>(() => Create(ml, name).Fit(data));

        Assert.Contains("'Value'", error.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MissingValuesGetNaNAndDoNotBreakLaterScores(string name)
    {
        var ml = new MLContext(seed: 1);
        var series = (float[])Spiked.Clone();
        series[200] = float.NaN;
        var predictions = ml.Predictions(Create(ml, name).Fit(ml.ToDataView(series)).Transform(ml.ToDataView(series)));

        Assert.True(double.IsNaN(predictions[200][1]));
        Assert.Equal(0, predictions[200][0]);
        Assert.Equal(1, predictions[300][0]);
    }
}

public sealed class ChainedClassicalDetectorTests
{
    private static readonly float[] Clean = SyntheticSeries.NoisySine(400, noise: 0.3);

    private static readonly float[] Spiked = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(600, noise: 0.3), 40, 420, 560);

    public static TheoryData<string> Names => new() { "iid-spike", "sr", "srcnn" };

    /// <summary>The detector with its raw scores sent through the default post-processing chain.</summary>
    private static IEstimator<ITransformer> Create(MLContext ml, string name) => name switch
    {
        "iid-spike" => ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", PostProcessing = new() }),
        "srcnn" => ml.Transforms.DetectAnomalyBySpectralResidualCnn("Prediction", "Value"),
        _ => ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", PostProcessing = new() }),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void AfterACleanTrainingStretchTheChainFlagsSpikesAndNamesItsSlots(string name)
    {
        var ml = new MLContext(seed: 1);
        var model = (SequentialDetectorTransformer)Create(ml, name).Fit(ml.ToDataView(Clean));
        var scored = model.Transform(ml.ToDataView(Spiked));
        var predictions = ml.Predictions(scored);

        Assert.NotNull(model.PostProcessing);
        Assert.Equal(1.0, predictions[420][0]);
        Assert.Equal(1.0, predictions[560][0]);
        Assert.True(predictions[420][1] >= predictions.Take(410).Max(p => p[1]), $"{name}: the spike outscores the clean stretch");
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Prediction"].GetSlotNames(ref names);
        Assert.Equal(new[] { "Alert", "Score", "P-Value" }, names.DenseValues().Select(n => n.ToString()));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TransformPredictionEngineAndReloadedModelAgree(string name)
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var model = Create(ml, name).Fit(ml.ToDataView(Clean));
        var data = ml.ToDataView(Spiked);
        var batch = ml.Predictions(model.Transform(data));

        var engine = ml.Model.CreatePredictionEngine<ValueRow, PredictionRow>(model);
        var streamed = Spiked.Select(v => engine.Predict(new ValueRow { Value = v }).Prediction.ToArray()).ToArray();
        ml.Model.Save(model, data.Schema, folder.File("model.zip"));
        var fresh = new MLContext();
        var loaded = fresh.Model.Load(folder.File("model.zip"), out _);

        Assert.Equal(batch, fresh.Predictions(loaded.Transform(data)));
        for (var i = 0; i < batch.Length; i++)
        {
            Assert.Equal(batch[i][0], streamed[i][0]);
            Assert.Equal(batch[i][1], streamed[i][1], 4);
        }
    }
}
