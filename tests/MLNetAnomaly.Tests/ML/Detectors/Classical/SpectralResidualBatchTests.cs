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
        var rows = Detect(ml, Spiked, new SpectralResidualBatchOptions());

        Assert.All(rows, r => Assert.Equal(3, r.Length));
        Assert.Equal(SpikeRows, rows.Select((r, i) => (r, i)).Where(x => x.r[0] > 0).Select(x => x.i));
        Assert.All(rows, r => Assert.InRange(r[1], 0, 1)); // divided by 10 and clamped, as ML.NET's
        Assert.All(SpikeRows, i => Assert.Equal(1, rows[i][1]));
    }

    [Fact]
    public void PointsWithinOneAndAHalfDeviationsOfTheMeanAreNeverAnomalies()
    {
        var ml = new MLContext(seed: 1);
        var rows = Detect(ml, Spiked, new SpectralResidualBatchOptions { Threshold = 0 });
        var mean = Spiked.Average(v => (double)v);
        var deviation = Math.Sqrt(Spiked.Average(v => (v - mean) * (v - mean)));

        var near = Enumerable.Range(0, Spiked.Length).Where(i => Math.Abs(Spiked[i] - mean) / deviation < 1.5).ToList();
        Assert.NotEmpty(near);
        Assert.All(near, i => Assert.Equal((0.0, 0.0), (rows[i][0], rows[i][1])));
    }

    [Fact]
    public void MlNetsMarginsNarrowAsTheSensitivityRisesAndVanishAt100()
    {
        var ml = new MLContext(seed: 1);
        double Width(double sensitivity)
        {
            var rows = Detect(ml, Spiked, new SpectralResidualBatchOptions { Sensitivity = sensitivity, DetectMode = SpectralResidualBatchMode.AnomalyAndMargin });
            return rows[100][5] - rows[100][6];
        }

        var (wide, narrow, none) = (Width(50), Width(90), Width(100));
        Assert.True(wide > narrow && narrow > 0, $"widths {wide}, {narrow}");
        Assert.Equal(0, none);
    }

    [Fact]
    public void QuantileMarginsHoldTheNormalPointsAndWidenWithTheSensitivity()
    {
        var ml = new MLContext(seed: 1);
        var rows = Detect(ml, Spiked, new SpectralResidualBatchOptions { Sensitivity = 99, QuantileMargins = true, DetectMode = SpectralResidualBatchMode.AnomalyAndMargin });

        Assert.All(rows, r => Assert.Equal(7, r.Length));
        var normal = Enumerable.Range(0, Spiked.Length).Where(i => !SpikeRows.Contains(i)).ToArray();
        var inside = normal.Count(i => rows[i][6] <= Spiked[i] && Spiked[i] <= rows[i][5]);
        Assert.True(inside >= 0.98 * normal.Length, $"{inside} of {normal.Length} normal points inside the margins");
        Assert.All(SpikeRows, i => Assert.True(Spiked[i] > rows[i][5] && rows[i][0] == 1, $"spike at {i} above the upper margin"));

        var narrow = Detect(ml, Spiked, new SpectralResidualBatchOptions { Sensitivity = 80, QuantileMargins = true, DetectMode = SpectralResidualBatchMode.AnomalyAndMargin });
        Assert.True(rows[100][5] - rows[100][6] > narrow[100][5] - narrow[100][6]);
    }

    [Fact]
    public void ExpectedValueModeAddsOneSlotAndTheSlotsAreNamed()
    {
        var ml = new MLContext(seed: 1);
        var scored = ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(ml.ToDataView(Spiked), "Anomalies", "Value", detectMode: SpectralResidualBatchMode.AnomalyAndExpectedValue);

        var names = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Anomalies"].GetSlotNames(ref names);
        Assert.Equal(new[] { "IsAnomaly", "AnomalyScore", "Mag", "ExpectedValue" }, names.DenseValues().Select(n => n.ToString()));
        var rows = ml.Predictions(scored, "Anomalies");
        Assert.Equal(Spiked.Length, rows.Length);

        // The spikes are replaced by lines through their neighbours before the low-pass: the expected value follows the sine.
        Assert.All(SpikeRows, i => Assert.InRange(rows[i][3], Spiked[i - 1] - 3, Spiked[i - 1] + 3));
    }

    [Theory]
    [InlineData(SpectralResidualDeseasonality.Median)]
    [InlineData(SpectralResidualDeseasonality.Mean)]
    public void APeriodRemovesTheSeasonBeforeDetection(SpectralResidualDeseasonality mode)
    {
        var ml = new MLContext(seed: 1);
        var rows = Detect(ml, Spiked, new SpectralResidualBatchOptions { Period = 24, DeseasonalityMode = mode, BatchSize = -1, DetectMode = SpectralResidualBatchMode.AnomalyAndExpectedValue });

        // With a period the expected value is the season (the value less its deseasonalised remainder).
        var phase = Enumerable.Range(0, Spiked.Length).Where(i => i % 24 == 5).Select(i => (double)Spiked[i]).ToList();
        var season = mode == SpectralResidualDeseasonality.Mean ? phase.Average() : phase.Order().ElementAt(phase.Count / 2);
        Assert.Equal(season, rows[5][3], 9);
        Assert.Equal(season, rows[29][3], 9);
    }

    [Fact]
    public void AnStlPeriodIsRefusedWithWhatToDoInstead()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsAny<ArgumentException>(() => Detect(ml, Spiked, new SpectralResidualBatchOptions { Period = 24 }));
        Assert.Equal("DeseasonalityMode", error.ParamName);
        Assert.Contains("Median", error.Message);
    }

    [Fact]
    public void ALastShortBatchIsJudgedWithTheEndOfTheBatchBefore()
    {
        // 1,030 points in batches of 1,024: the last 6 are judged at the end of the last 1,024 points, as ML.NET judges
        // them, and each keeps its own row (ML.NET serves them rotated, rows 4, 5, 0, 1, 2, 3: a departure).
        var ml = new MLContext(seed: 1);
        var series = Spiked[..1030];
        var batched = Detect(ml, series, new SpectralResidualBatchOptions { BatchSize = 1024, DetectMode = SpectralResidualBatchMode.AnomalyAndMargin });
        var first = Detect(ml, series[..1024], new SpectralResidualBatchOptions { BatchSize = -1, DetectMode = SpectralResidualBatchMode.AnomalyAndMargin });
        var window = Detect(ml, series[6..], new SpectralResidualBatchOptions { BatchSize = -1, DetectMode = SpectralResidualBatchMode.AnomalyAndMargin });

        Assert.Equal(first, batched[..1024]);
        Assert.Equal(window[^6..], batched[1024..]);
    }

    [Fact]
    public void ADoubleColumnIsReadInDoublePrecision()
    {
        // Values that differ below single precision: read as doubles, they give the core's results on the doubles.
        var ml = new MLContext(seed: 1);
        var values = Spiked.Select((v, i) => 1e6 + v + (i % 7 * 1e-4)).ToArray();
        var data = ml.Data.LoadFromEnumerable(values.Select(v => new DoubleRow { Value = v }));
        var scored = ml.Predictions(ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(data, "Anomalies", "Value", detectMode: SpectralResidualBatchMode.AnomalyAndMargin), "Anomalies");

        var direct = MLNetAnomaly.Core.Classical.SpectralResidualBatch.Detect(values, new MLNetAnomaly.Core.Classical.SpectralResidualBatchSettings(0.3, 1024, 99, SpectralResidualBatchMode.AnomalyAndMargin, 0));
        Assert.Equal(direct, scored.SelectMany(r => r).ToArray());
        Assert.NotEqual(values.Select(v => (double)(float)v).ToArray(), values);
    }

    [Fact]
    public void WithAPeriodEveryMarginAnomalyLiesOutsideItsMargins()
    {
        var ml = new MLContext(seed: 1);
        var series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(2000, noise: 0.3), 6, SpikeRows);
        var rows = Detect(ml, series, new SpectralResidualBatchOptions { Period = 24, DeseasonalityMode = SpectralResidualDeseasonality.Median, BatchSize = -1, Sensitivity = 90, DetectMode = SpectralResidualBatchMode.AnomalyAndMargin });

        var anomalies = Enumerable.Range(0, series.Length).Where(i => rows[i][0] == 1).ToList();
        Assert.All(anomalies, i => Assert.True(series[i] < rows[i][6] || series[i] > rows[i][5], $"row {i} inside its margins"));
        Assert.All(anomalies, i => Assert.InRange(rows[i][1], 1e-9, 2));
        Assert.All(Enumerable.Range(0, series.Length).Except(anomalies), i => Assert.Equal(0, rows[i][1]));
    }

    [Fact]
    public void APeriodLongerThanTheBatchIsNotAnError()
    {
        var ml = new MLContext(seed: 1);
        var rows = Detect(ml, Spiked[..40], new SpectralResidualBatchOptions { Period = 50, BatchSize = -1, DeseasonalityMode = SpectralResidualDeseasonality.Median, DetectMode = SpectralResidualBatchMode.AnomalyAndExpectedValue });
        Assert.Equal(40, rows.Length);
        Assert.All(rows, r => Assert.All(r, v => Assert.True(double.IsFinite(v))));
    }

    [Theory]
    [InlineData("BatchSize", 5, 0)]
    [InlineData("BatchSize", 40, 24)]
    [InlineData("Sensitivity", 101, 0)]
    [InlineData("Threshold", 1.5, 0)]
    public void BadOptionsNameThemselves(string option, double value, int period)
    {
        var ml = new MLContext(seed: 1);
        var options = new SpectralResidualBatchOptions { Period = period, DeseasonalityMode = SpectralResidualDeseasonality.Median };
        switch (option)
        {
            case "BatchSize": options.BatchSize = (int)value; break;
            case "Sensitivity": options.Sensitivity = value; break;
            default: options.Threshold = value; break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(ml.ToDataView(Spiked), "A", "Value", options));

        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void MissingValuesWrongTypesAndTooShortSeriesAreClearErrors()
    {
        var ml = new MLContext(seed: 1);
        var gap = (float[])Spiked.Clone();
        gap[10] = float.NaN;

        var nan = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(ml.ToDataView(gap), "A", "Value"));
        var shortSeries = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(ml.ToDataView(Spiked[..5]), "A", "Value"));
        var text = ml.Data.LoadFromEnumerable(new[] { new TextRow { Value = "1" } });
        var wrongType = Assert.ThrowsAny<ArgumentException>(() => ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(text, "A", "Value"));

        Assert.Contains("'Value'", nan.Message);
        Assert.Contains("row 10", nan.Message);
        Assert.Contains("'Value'", shortSeries.Message);
        Assert.Contains("12", shortSeries.Message);
        Assert.Contains("Double or Single", wrongType.Message);
    }

    private sealed class DoubleRow
    {
        public double Value { get; set; }
    }

    private sealed class TextRow
    {
        public string Value { get; set; } = string.Empty;
    }
}
