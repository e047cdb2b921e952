using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Deep;

public sealed class LstmDetectorTests
{
    private static readonly float[] Clean = SyntheticSeries.NoisySine(900);

    [Fact]
    public void LearnsACleanSineAndFlagsSpikesAndALevelShift()
    {
        var ml = new MLContext(seed: 1);
        var options = TinyLstm.Options(epochs: 12);
        options.PostProcessing = TestChains.PerRow();
        using var model = ml.Transforms.DetectAnomalyByLstm(options).Fit(ml.ToDataView(Clean[..600]));
        var test = SyntheticSeries.WithLevelShift(SyntheticSeries.WithSpikes(Clean, 8, 700, 760), 6, 840);
        var scores = ml.Predictions(model.Transform(ml.ToDataView(test)));

        var cleanPart = scores[620..700].Select(p => p[1]).OrderBy(s => s).ToArray();
        Assert.True(cleanPart[cleanPart.Length / 2] < 2.0, $"median score on clean data {cleanPart[cleanPart.Length / 2]:F2} should be small");
        foreach (var index in new[] { 700, 760, 840 })
        {
            Assert.True(scores[index][1] > cleanPart[^1] * 1.5, $"score at {index} ({scores[index][1]:F2}) should exceed the clean maximum {cleanPart[^1]:F2}");
            Assert.Equal(1.0, scores[index][0]);
            Assert.True(scores[index][2] < 0.01);
        }
    }

    [Fact]
    public void StaticCalibrationScoresAgainstTheTrainingErrorsAndPersists()
    {
        var ml = new MLContext(seed: 1);
        var options = TinyLstm.Options(epochs: 12);
        options.PostProcessing = new PostProcessingOptions { Calibration = ScoreCalibration.Static, RangeRule = false, RefractoryPeriod = 0 };
        using var model = ml.Transforms.DetectAnomalyByLstm(options).Fit(ml.ToDataView(Clean[..600]));
        var test = ml.ToDataView(SyntheticSeries.WithSpikes(Clean, 8, 700));
        var scores = ml.Predictions(model.Transform(test));

        // Static p-values are empirical steps of 1/(n+1) over the training scores, continued by a tail beyond them;
        // the score is -log10(p) / 10.
        var clean = scores[620..700].Select(p => p[2]).Order().ToArray();
        Assert.InRange(clean[clean.Length / 2], 0.05, 0.95);
        Assert.True(scores[700][2] < 1.0 / (600 - 12 + 1));
        Assert.Equal(-Math.Log10(scores[700][2]) / 10, scores[700][1], 9);
        Assert.Equal(1.0, scores[700][0]);

        using var stream = new MemoryStream();
        ml.Model.Save(model, test.Schema, stream);
        stream.Position = 0;
        var loaded = (DeepDetectorTransformer)new MLContext().Model.Load(stream, out _);
        Assert.Equal(ScoreCalibration.Static, loaded.Options.PostProcessing.Calibration);
        Assert.Equal(scores, ml.Predictions(loaded.Transform(test)));
        loaded.Dispose();
    }

    [Fact]
    public void WarmUpRowsGetZeroScoreAndHalfPValue()
    {
        var ml = new MLContext(seed: 1);
        using var model = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(window: 10, epochs: 1)).Fit(ml.ToDataView(Clean[..200]));
        var predictions = ml.Predictions(model.Transform(ml.ToDataView(Clean[..50])));

        Assert.Equal(10, model.WarmUpLength);
        Assert.All(predictions[..10], p => Assert.Equal(new[] { 0.0, 0.0, 0.5 }, p));
        Assert.All(predictions[10..], p => Assert.True(p[1] >= 0 && p[2] > 0 && p[2] <= 1 && p[2] != 0.5));
    }

    [Fact]
    public void SameSeedGivesIdenticalScoresAndAnotherSeedDoesNot()
    {
        double[][] Run(int seed)
        {
            var ml = new MLContext();
            using var model = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(epochs: 3, seed: seed)).Fit(ml.ToDataView(Clean[..300]));
            return ml.Predictions(model.Transform(ml.ToDataView(Clean)));
        }

        var first = Run(5);
        Assert.Equal(first, Run(5));
        Assert.NotEqual(first.Scores(), Run(6).Scores());
    }

    [Fact]
    public void MlContextSeedIsUsedWhenOptionsHaveNone()
    {
        double[] Run(int contextSeed)
        {
            var ml = new MLContext(seed: contextSeed);
            using var model = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(epochs: 2, seed: null)).Fit(ml.ToDataView(Clean[..200]));
            return ml.Predictions(model.Transform(ml.ToDataView(Clean[..300]))).Scores();
        }

        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }

    [Fact]
    public void ChangingAFutureValueNeverChangesAnEarlierScore()
    {
        var ml = new MLContext(seed: 1);
        using var model = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(epochs: 2)).Fit(ml.ToDataView(Clean[..300]));
        var original = ml.Predictions(model.Transform(ml.ToDataView(Clean)));

        foreach (var changed in new[] { 100, 500, 899 })
        {
            var altered = (float[])Clean.Clone();
            altered[changed] += 1000;
            var rescored = ml.Predictions(model.Transform(ml.ToDataView(altered)));
            Assert.Equal(original[..changed], rescored[..changed]);
            Assert.NotEqual(original[changed], rescored[changed]);
        }

        // A prefix of the series scores exactly like the start of the whole series.
        var prefix = ml.Predictions(model.Transform(ml.ToDataView(Clean[..333])));
        Assert.Equal(original[..333], prefix);
    }

    [Fact]
    public void TransformIsLazyAndReadsOnlyABlockAhead()
    {
        var ml = new MLContext(seed: 1);
        using var model = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(epochs: 1)).Fit(ml.ToDataView(Clean[..100]));
        var produced = 0;
        IEnumerable<ValueRow> Endless()
        {
            for (var i = 0; ; i++)
            {
                produced++;
                yield return new ValueRow { Value = (float)Math.Sin(i / 4.0) };
            }
        }

        var scored = model.Transform(ml.Data.LoadFromEnumerable(Endless()));
        var firstTen = ml.Data.CreateEnumerable<PredictionRow>(scored, reuseRowObject: false).Take(10).ToList();

        Assert.Equal(10, firstTen.Count);
        Assert.InRange(produced, 10, 10 + 1100 + 1100);
    }

    [Fact]
    public void OutputColumnIsAVectorOfThreeDoublesWithSlotNames()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(epochs: 1));
        var data = ml.ToDataView(Clean[..100]);
        var shape = estimator.GetOutputSchema(Shapes.Of(data.Schema));
        var predicted = Shapes.Find(shape, "Prediction");
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, predicted.Kind);
        Assert.Equal(NumberDataViewType.Double, predicted.ItemType);

        using var model = estimator.Fit(data);
        var column = model.GetOutputSchema(data.Schema)["Prediction"];
        var type = Assert.IsType<VectorDataViewType>(column.Type);
        Assert.Equal(3, type.Size);
        Assert.Equal(NumberDataViewType.Double, type.ItemType);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetSlotNames(ref names);
        Assert.Equal(new[] { "Alert", "Score", "P-Value" }, names.DenseValues().Select(n => n.ToString()));
    }

    [SkippableFact]
    public void CudaRequestedWithoutCudaFailsClearly()
    {
        // The library's native-loading fix must run before anything touches libtorch (docs/decisions/0001).
        TorchNativeSupport.EnsureLoadable();
        Skip.If(TorchSharp.torch.cuda.is_available(), "This machine has CUDA, so a CUDA request does not fail.");

        var ml = new MLContext(seed: 1);
        var options = TinyLstm.Options(epochs: 1);
        options.Device = ComputeDevice.Cuda;
        var error = Assert.Throws<InvalidOperationException>(() => ml.Transforms.DetectAnomalyByLstm(options).Fit(ml.ToDataView(Clean[..100])));
        Assert.Contains("CUDA is not available", error.Message);
    }
}
