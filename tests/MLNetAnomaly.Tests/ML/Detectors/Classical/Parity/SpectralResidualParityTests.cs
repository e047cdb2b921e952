using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Classical.Parity;

/// <summary>
/// Streaming SR with ML.NET's parameters gives ML.NET's outputs: the official 5.0.1 <c>DetectAnomalyBySrCnn</c>'s
/// per-point outputs (window 64, back-add 5, lookahead 5, averaging 3, judgement 21, threshold 0.3) on nine NAB series
/// and a synthetic one (../shared/data/mlnet-reference).
/// </summary>
public sealed class SpectralResidualParityTests
{
    public static TheoryData<string> Files => MlNetReference.Names;

    private static double[][] Run(float[] values, bool robust = false)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(values);
        var options = new SpectralResidualDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", RobustExtension = robust };
        return ml.Predictions(ml.Transforms.DetectAnomalyBySpectralResidual(options).Fit(data).Transform(data));
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void TheDefaultsGiveTheOfficialOutputs(string file) => Compare(MlNetReference.LoadOrSkip(file));

    [Fact]
    public void TheBundledExcerptGivesTheOfficialOutputs()
    {
        var reference = MlNetReference.Bundled();
        Assert.Equal(8, reference.Column("sr_alert").Sum());
        Compare(reference);
    }

    /// <summary>
    /// Bit for bit: the same single-precision steps and the same managed FFT as the reference build (the issue allows
    /// 1e-4, for MKL against MathNet; against this build there is no difference to allow for).
    /// </summary>
    private static void Compare(MlNetReference reference)
    {
        var ours = Run(reference.Floats);
        ParityAssert.SameAlerts(reference.Column("sr_alert"), ours.Select(p => p[0]).ToArray(), $"{reference.Name} sr alert");
        ParityAssert.Close(reference.Column("sr_score"), ours.Select(p => p[1]).ToArray(), 0, $"{reference.Name} sr score");
        ParityAssert.Close(reference.Column("sr_mag"), ours.Select(p => p[2]).ToArray(), 0, $"{reference.Name} sr mag");
    }

    [Fact]
    public void TheRobustExtensionIsSavedAndChangesTheScoresButNotTheFirstWindow()
    {
        using var folder = new TemporaryFolder();
        var series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(400, noise: 0.3), 30, 200, 300);
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(series);
        var robust = ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", RobustExtension = true }).Fit(data);
        ml.Model.Save(robust, data.Schema, folder.File("robust.zip"));
        var loaded = (SpectralResidualDetectorTransformer)new MLContext().Model.Load(folder.File("robust.zip"), out _);

        Assert.True(loaded.Options.RobustExtension);
        var ours = ml.Predictions(robust.Transform(data));
        Assert.Equal(ours, ml.Predictions(loaded.Transform(data)));
        var official = Run(series);
        Assert.Equal(official[..63], ours[..63]);
        Assert.NotEqual(official.Skip(63).Select(p => p[1]), ours.Skip(63).Select(p => p[1]));
        Assert.Equal(1.0, ours[200][0]);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void AThresholdOutsideZeroToOneIsRefusedByName(double threshold)
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsAny<ArgumentException>(() => ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", "Value", threshold: threshold));
        Assert.Equal("Threshold", error.ParamName);
        Assert.Contains("[0, 1]", error.Message);
    }
}
