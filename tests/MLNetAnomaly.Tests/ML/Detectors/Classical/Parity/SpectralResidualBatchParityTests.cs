using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Classical.Parity;

/// <summary>
/// The whole-series spectral residual detector with ML.NET's parameters gives ML.NET's outputs: the official 5.0.1
/// <c>DetectEntireAnomalyBySrCnn</c> (threshold 0.3, sensitivity 64, one batch, no period) in its three modes, every
/// slot, on nine NAB series and a synthetic one (../shared/data/mlnet-reference; the synthetic one is also bundled).
/// </summary>
public sealed class SpectralResidualBatchParityTests
{
    private static readonly string[] Slots = { "isanomaly", "score", "mag", "expected", "boundaryunit", "upper", "lower" };

    public static TheoryData<string> Files => MlNetReference.Names;

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void EveryModeGivesTheOfficialOutputs(string file) => Compare(MlNetReference.LoadOrSkip(file));

    [Fact]
    public void TheBundledSyntheticSeriesGivesTheOfficialOutputs() => Compare(MlNetReference.BundledSrEntire());

    /// <summary>Alerts identical, every other slot identical to the bit.</summary>
    private static void Compare(MlNetReference reference)
    {
        foreach (var (prefix, mode) in new[] { ("sre_only", SpectralResidualBatchMode.AnomalyOnly), ("sre_expected", SpectralResidualBatchMode.AnomalyAndExpectedValue), ("sre_margin", SpectralResidualBatchMode.AnomalyAndMargin) })
        {
            var ours = Run(reference.Values, mode);
            ParityAssert.SameAlerts(reference.Column($"{prefix}_isanomaly"), ours.Select(r => r[0]).ToArray(), $"{reference.Name} {mode} alert");
            for (var slot = 1; slot < ours[0].Length; slot++)
            {
                ParityAssert.Close(reference.Column($"{prefix}_{Slots[slot]}"), ours.Select(r => r[slot]).ToArray(), 0, $"{reference.Name} {mode} {Slots[slot]}");
            }
        }
    }

    private static double[][] Run(double[] values, SpectralResidualBatchMode mode)
    {
        // ML.NET's detector reads a double column; so does ours (a float column works too).
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(values.Select(v => new DoubleRow { Value = v }));
        var options = new SpectralResidualBatchOptions { Threshold = 0.3, Sensitivity = 64, BatchSize = -1, DetectMode = mode };
        return ml.Predictions(ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(data, "Anomalies", "Value", options), "Anomalies");
    }

    [Theory]
    [InlineData(SpectralResidualBatchMode.AnomalyAndMargin)]
    [InlineData(SpectralResidualBatchMode.AnomalyAndExpectedValue)]
    public void ASpikeBeyondRow19000FitsItsLineWhereTheOfficialDetectorOverflows(SpectralResidualBatchMode mode)
    {
        // ML.NET sums squared row indices in checked 32-bit integers when it replaces a spike by a line through its
        // neighbours, and throws OverflowException beyond about row 18,900; ours sums them in 64 bits.
        var values = Enumerable.Range(0, 25_000).Select(i => 10 + Math.Sin(i / 7.0) + (i is 19_000 or 24_000 ? 50 : 0)).ToArray();
        var rows = Run(values, mode);

        Assert.All(new[] { 19_000, 24_000 }, i =>
        {
            Assert.Equal(1, rows[i][0]);
            Assert.InRange(rows[i][3], 8, 12); // the expected value follows the sine, not the spike
        });
        Assert.All(rows, r => Assert.All(r, v => Assert.True(double.IsFinite(v))));
    }

    private sealed class DoubleRow
    {
        public double Value { get; set; }
    }
}
