using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Sequential;

public sealed class PipelineTests
{
    private static readonly float[] Series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(500), 9, 450);

    [Fact]
    public void WorksAfterAStandardTransformAndThroughCreateEnumerable()
    {
        var ml = new MLContext(seed: 1);
        var options = TinyLstm.Options(epochs: 6);
        options.PostProcessing = TestChains.PerRow();
        var pipeline = ml.Transforms.NormalizeMinMax("Value")
            .Append(ml.Transforms.DetectAnomalyByLstm(options));
        var model = pipeline.Fit(ml.ToDataView(Series[..300]));
        var scored = model.Transform(ml.ToDataView(Series));

        var rows = ml.Data.CreateEnumerable<PredictionRow>(scored, reuseRowObject: false).ToList();
        Assert.Equal(Series.Length, rows.Count);
        Assert.Equal(ml.Predictions(scored), rows.Select(r => r.Prediction).ToArray());
        Assert.InRange(rows[0].Value, 0f, 1f); // the normaliser ran first
        Assert.Equal(450, rows.Select((r, i) => (r.Prediction[1], i)).Max().i);
    }

    [Fact]
    public void MissingValuesWhileScoringGiveNaNScoresAndDoNotPoisonLaterRows()
    {
        var ml = new MLContext(seed: 1);
        using var model = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(epochs: 2)).Fit(ml.ToDataView(Series[..300]));
        var withGap = (float[])Series.Clone();
        withGap[350] = float.NaN;
        withGap[351] = float.PositiveInfinity;

        var predictions = ml.Predictions(model.Transform(ml.ToDataView(withGap)));

        Assert.Equal(0.0, predictions[350][0]);
        Assert.True(double.IsNaN(predictions[350][1]) && double.IsNaN(predictions[351][2]));
        Assert.All(predictions[352..], p => Assert.True(double.IsFinite(p[1])));
    }
}
