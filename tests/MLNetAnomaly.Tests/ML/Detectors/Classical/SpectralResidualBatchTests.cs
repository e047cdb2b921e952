using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Classical;

public sealed class SpectralResidualBatchTests
{
    private static readonly int[] SpikeRows = { 300, 700, 1500 };

    private static readonly float[] Spiked = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(2000, noise: 0.3), 40, SpikeRows);

    private static double[][] Detect(MLContext ml, float[] series, SpectralResidualBatchOptions options)
        => ml.Predictions(ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(ml.ToDataView(series), "Anomalies", "Value", options), "Anomalies");

    [Fact]
    public void FlagsTheSpikesOfAWholeSeries()
    {
        var ml = new MLContext(seed: 1);
        var rows = Detect(ml, Spiked, new SpectralResidualBatchOptions { Threshold = 8 });

        // The spikes score about 14; the next highest point about 6 (spectral leakage on a sine).
        Assert.All(rows, r => Assert.Equal(3, r.Length));
        Assert.Equal(SpikeRows, rows.Select((r, i) => (r, i)).Where(x => x.r[0] > 0).Select(x => x.i));
        Assert.Equal(SpikeRows, rows.Select((r, i) => (r, i)).OrderByDescending(x => x.r[1]).Take(3).Select(x => x.i).Order());
    }

    [Fact]
    public void MarginsHoldTheNormalPointsAndNotTheSpikes()
    {
        var ml = new MLContext(seed: 1);
        var rows = Detect(ml, Spiked, new SpectralResidualBatchOptions { Threshold = 8, DetectMode = SpectralResidualBatchMode.AnomalyAndMargin });

        Assert.All(rows, r => Assert.Equal(7, r.Length));
        var normal = Enumerable.Range(0, Spiked.Length).Where(i => !SpikeRows.Contains(i)).ToArray();
        var inside = normal.Count(i => rows[i][6] <= Spiked[i] && Spiked[i] <= rows[i][5]);
        Assert.True(inside >= 0.98 * normal.Length, $"{inside} of {normal.Length} normal points inside the margins");
        Assert.All(SpikeRows, i => Assert.True(Spiked[i] > rows[i][5], $"spike at {i} above the upper margin"));
        Assert.All(normal, i => Assert.InRange(rows[i][3], Spiked[i] - 3, Spiked[i] + 3));
    }

    [Fact]
    public void HigherSensitivityWidensTheMargins()
    {
        var ml = new MLContext(seed: 1);
        var narrow = Detect(ml, Spiked, new SpectralResidualBatchOptions { Sensitivity = 80, DetectMode = SpectralResidualBatchMode.AnomalyAndMargin });
        var wide = Detect(ml, Spiked, new SpectralResidualBatchOptions { Sensitivity = 99.9, DetectMode = SpectralResidualBatchMode.AnomalyAndMargin });

        Assert.True(wide[100][5] - wide[100][6] > narrow[100][5] - narrow[100][6]);
    }

    [Fact]
    public void ExpectedValueModeAddsOneSlotAndTheSlotsAreNamed()
    {
        var ml = new MLContext(seed: 1);
        var scored = ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(ml.ToDataView(Spiked), "Anomalies", "Value", detectMode: SpectralResidualBatchMode.AnomalyAndExpectedValue);

        var names = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Anomalies"].GetSlotNames(ref names);
        Assert.Equal(new[] { "IsAnomaly", "AnomalyScore", "Mag", "ExpectedValue" }, names.DenseValues().Select(n => n.ToString()));
        Assert.Equal(Spiked.Length, ml.Predictions(scored, "Anomalies").Length);
    }

    [Fact]
    public void APeriodRemovesTheSeasonBeforeDetection()
    {
        var ml = new MLContext(seed: 1);
        var rows = Detect(ml, Spiked, new SpectralResidualBatchOptions { Threshold = 8, Period = 24, DetectMode = SpectralResidualBatchMode.AnomalyAndExpectedValue });

        Assert.All(SpikeRows, i => Assert.Equal(1, rows[i][0]));
        var gap = Enumerable.Range(0, Spiked.Length).Where(i => !SpikeRows.Contains(i)).Average(i => Math.Abs(rows[i][3] - Spiked[i]));
        Assert.True(gap < 1, $"mean gap {gap:F2} between expected and actual");
    }

    [Theory]
    [InlineData("BatchSize")]
    [InlineData("Sensitivity")]
    [InlineData("Threshold")]
    public void BadOptionsNameThemselves(string option)
    {
        var ml = new MLContext(seed: 1);
        var options = option switch
        {
            "BatchSize" => new SpectralResidualBatchOptions { BatchSize = 5 },
            "Sensitivity" => new SpectralResidualBatchOptions { Sensitivity = 100 },
            _ => new SpectralResidualBatchOptions { Threshold = -1 },
        };

        var error = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(ml.ToDataView(Spiked), "A", "Value", options));

        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void MissingValuesAndTooShortSeriesAreClearErrors()
    {
        var ml = new MLContext(seed: 1);
        var gap = (float[])Spiked.Clone();
        gap[10] = float.NaN;

        var nan = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(ml.ToDataView(gap), "A", "Value"));
        var shortSeries = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(ml.ToDataView(Spiked[..5]), "A", "Value"));

        Assert.Contains("'Value'", nan.Message);
        Assert.Contains("row 10", nan.Message);
        Assert.Contains("'Value'", shortSeries.Message);
    }
}
