using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Streaming;

public sealed class StreamingErrorTests
{
    private static readonly float[] Series = StreamingModels.Series;

    [Fact]
    public void ACheckpointOfAnotherModelIsRefused()
    {
        var ml = new MLContext(seed: 1);
        using var first = StreamingModels.Fit(ml, "iid-spike");
        using var second = (SequentialDetectorTransformer)ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value", confidence: 95).Fit(ml.ToDataView(Series));
        using var checkpoint = Checkpoint(ml, first, 50);

        using var other = ml.AnomalyDetection.CreateStreamingEngine(second);
        var error = Assert.Throws<InvalidDataException>(() => other.Restore(checkpoint));

        Assert.Contains("another model", error.Message);
    }

    [Theory]
    [InlineData("damaged")]
    [InlineData("truncated")]
    [InlineData("not a checkpoint")]
    public void ABadCheckpointIsRefusedAndTheEngineKeepsItsState(string fault)
    {
        var ml = new MLContext(seed: 1);
        using var model = StreamingModels.Fit(ml, "sr");
        var bytes = Checkpoint(ml, model, 120).ToArray();
        bytes = fault switch
        {
            "damaged" => Flip(bytes, bytes.Length - 40),
            "truncated" => bytes[..(bytes.Length / 2)],
            _ => "a text file, not a checkpoint"u8.ToArray(),
        };
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);
        using var reference = ml.AnomalyDetection.CreateStreamingEngine(model);
        foreach (var value in Series[..80])
        {
            engine.Predict(value);
            reference.Predict(value);
        }

        Assert.Throws<InvalidDataException>(() => engine.Restore(new MemoryStream(bytes)));

        Assert.Equal(80, engine.Position);
        Assert.Equal(reference.Predict(Series[80]), engine.Predict(Series[80]));
    }

    [Fact]
    public void APointOfTheWrongSizeNamesTheParameter()
    {
        var ml = new MLContext(seed: 1);
        using var model = StreamingModels.Fit(ml, "iid-spike");
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);

        var error = Assert.Throws<ArgumentException>(() => engine.Predict(new float[] { 1, 2 }));

        Assert.Equal("point", error.ParamName);
    }

    [Fact]
    public void AModelThatDoesNotEndInADetectorIsRefused()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.CopyColumns("Copy", "Value").Fit(ml.ToDataView(Series));

        var error = Assert.Throws<ArgumentException>(() => ml.AnomalyDetection.CreateStreamingEngine(model));

        Assert.Contains("ends in", error.Message);
    }

    [Fact]
    public void AChainWithTransformsBeforeTheDetectorNeedsTheRowEngine()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Series.Select(v => new DoubleRow { Value = v }).ToList());
        var model = ml.Transforms.Conversion.ConvertType("Value", outputKind: Microsoft.ML.Data.DataKind.Single)
            .Append(ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value"))
            .Fit(data);

        Assert.Throws<ArgumentException>(() => ml.AnomalyDetection.CreateStreamingEngine(model));

        // The row engine applies the conversion to each row and scores like Transform.
        var batch = ml.Predictions(model.Transform(data));
        using var engine = ml.AnomalyDetection.CreateStreamingEngine<DoubleRow>(model);
        for (var i = 0; i < Series.Length; i++)
        {
            var streamed = engine.Predict(new DoubleRow { Value = Series[i] });
            Assert.Equal(batch[i], new[] { streamed.Alert ? 1.0 : 0.0, streamed.Score, streamed.PValue });
        }
    }

    [Fact]
    public void TheRowEngineNamesAMissingInputColumn()
    {
        var ml = new MLContext(seed: 1);
        using var model = StreamingModels.Fit(ml, "iid-spike");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.CreateStreamingEngine<OtherRow>(model));

        Assert.Contains("'Value'", error.Message);
    }

    private static MemoryStream Checkpoint(MLContext ml, SequentialDetectorTransformer model, int points)
    {
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);
        return StreamingModels.StreamAndCheckpoint(engine, Series[..points]);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x5A;
        return copy;
    }
}
