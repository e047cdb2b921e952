using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Detectors.Classical.Parity;

/// <summary>
/// IID change point with ML.NET's parameters gives ML.NET's outputs: the official 5.0.1 <c>DetectIidChangePoint</c>
/// (confidence 95, change history 30, power martingale, ε 0.1) on nine NAB series and a synthetic one
/// (../shared/data/mlnet-reference), all four slots.
/// </summary>
public sealed class IidChangePointParityTests
{
    public static TheoryData<string> Files => MlNetReference.Names;

    private static double[][] Run(float[] values, ChangePointMartingale martingale = ChangePointMartingale.Power)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(values);
        var estimator = ml.Transforms.DetectChangePointByIid("Prediction", "Value", confidence: 95, changeHistoryLength: 30, martingale: martingale);
        return ml.Predictions(estimator.Fit(data).Transform(data));
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void AHistoryOf30GivesTheOfficialOutputs(string file) => Compare(MlNetReference.LoadOrSkip(file));

    [Fact]
    public void TheBundledExcerptGivesTheOfficialOutputs() => Compare(MlNetReference.Bundled());

    private static void Compare(MlNetReference reference)
    {
        var file = reference.Name;
        var ours = Run(reference.Floats);

        // The official p-values and martingale are NaN from a constant history on (the synthetic file; tested below).
        var martingale = reference.Column("iid_cp_h30_martingale");
        bool OfficialNaN(int i) => double.IsNaN(martingale[i]);
        Assert.All(ours, p => Assert.Equal(4, p.Length));
        ParityAssert.SameAlerts(reference.Column("iid_cp_h30_alert"), ours.Select(p => p[0]).ToArray(), $"{file} alert", OfficialNaN);
        ParityAssert.Close(reference.Column("iid_cp_h30_score"), ours.Select(p => p[1]).ToArray(), 0, $"{file} score", OfficialNaN);
        ParityAssert.Close(reference.Column("iid_cp_h30_pvalue"), ours.Select(p => p[2]).ToArray(), 2e-4, $"{file} p-value", OfficialNaN);
        ParityAssert.Close(martingale, ours.Select(p => p[3]).ToArray(), 1.2e-3, $"{file} martingale", OfficialNaN);
    }

    [SkippableFact]
    public void AConstantStretchLeavesAFiniteMartingaleWhereTheOfficialOneIsNaNForGood()
    {
        var reference = MlNetReference.LoadOrSkip("synthetic");
        var official = reference.Column("iid_cp_h30_martingale");
        Assert.All(Enumerable.Range(1529, 2000 - 1529), i => Assert.True(double.IsNaN(official[i])));

        var ours = Run(reference.Floats);
        Assert.All(ours, p => Assert.True(double.IsFinite(p[3])));

        // After the flat stretch the history is a constant: the first different value gets p = 1e-8, and the
        // martingale climbs to an alert within a few rows, where the official detector can never alert again.
        var after = Enumerable.Range(1600, 400).Where(i => ours[i][0] == 1).ToList();
        Assert.NotEmpty(after);
        Assert.InRange(after[0], 1600, 1630);
    }

    [Fact]
    public void TheRulesHoldOnAGeneratedSeries()
    {
        // Noise, then a steady climb from row 300 (every new value above all the recent ones): alerts soon after it
        // starts, none within 29 rows of another; the first point's martingale is its bet to the 30th power; the
        // threshold is ML.NET's. (A single level shift barely moves this martingale: within a few rows the history
        // holds the new level, so only the first values after it are rare.)
        var random = new Random(11);
        var values = Enumerable.Range(0, 600).Select(i => (float)((i >= 300 ? i - 300 : 0) + (random.NextDouble() - 0.5))).ToArray();
        var ours = Run(values);

        Assert.Equal(Math.Pow(0.1 * Math.Pow(0.5, -0.9), 30), ours[0][3], 1e-30);
        var alerts = Enumerable.Range(0, ours.Length).Where(i => ours[i][0] == 1).ToList();
        Assert.Contains(alerts, i => i >= 300 && i < 320);

        // Exactly the rows at or above the threshold, from row 29 on, that are not within 29 rows after an alert.
        var last = -1000;
        for (var i = 0; i < ours.Length; i++)
        {
            var due = i >= 29 && ours[i][3] >= 134217.727999997 && i - last >= 30;
            Assert.True(due == (ours[i][0] == 1), $"row {i}: martingale {ours[i][3]}, alert {ours[i][0]}, last alert {last}");
            last = due ? i : last;
        }

        Assert.All(ours, p => Assert.InRange(p[2], 1e-8, 0.5));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.01)]
    [InlineData(1e-6)]
    public void TheMixtureBetIsThePowerBetAveragedOverEpsilon(double p)
    {
        // Numerically: the mean of ε p^(ε − 1) over ε in (0, 1), by the midpoint rule.
        const int steps = 200_000;
        var integral = Enumerable.Range(0, steps).Select(k => (k + 0.5) / steps).Average(e => e * Math.Pow(p, e - 1));
        var rule = new MLNetAnomaly.Core.Classical.ChangePointRule(95, 30, ChangePointMartingale.Mixture, 0.1, rawScores: false);
        Assert.Equal(Math.Log(integral), rule.LogBet(p), 6);
    }

    [Fact]
    public void SavesLoadsAndStreamsWithItsFourSlots()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var values = Enumerable.Range(0, 300).Select(i => (float)((i >= 200 ? 4 : 0) + random.NextDouble())).ToArray();
        var data = ml.ToDataView(values);
        var model = ml.Transforms.DetectChangePointByIid("Prediction", "Value", changeHistoryLength: 30).Fit(data);
        ml.Model.Save(model, data.Schema, folder.File("cp.zip"));
        var loaded = (IidChangePointDetectorTransformer)new MLContext().Model.Load(folder.File("cp.zip"), out _);

        var batch = ml.Predictions(model.Transform(data));
        Assert.Equal(batch, ml.Predictions(loaded.Transform(data)));
        Assert.Equal(30, loaded.Options.ChangeHistoryLength);

        using var engine = ml.AnomalyDetection.CreateStreamingEngine(loaded);
        using var checkpoint = Streaming.StreamingModels.StreamAndCheckpoint(engine, values[..150]);
        using var restored = ml.AnomalyDetection.CreateStreamingEngine(loaded);
        restored.Restore(checkpoint);
        for (var i = 150; i < values.Length; i++)
        {
            var a = engine.Predict(values[i]);
            Assert.Equal(a, restored.Predict(values[i]));
            Assert.Equal((batch[i][0] == 1, batch[i][1], batch[i][2], batch[i][3]), (a.Alert, a.Score, a.PValue, a.Martingale));
        }
    }

    [Fact]
    public void AMissingValueGetsNaNSlotsAndLeavesTheStateAsItWas()
    {
        // The same series with a NaN inserted at row 200: every later row scores as the series without it.
        var random = new Random(5);
        var values = Enumerable.Range(0, 400).Select(i => (float)((i >= 300 ? i - 300 : 0) + random.NextDouble())).ToArray();
        var withGap = values[..200].Append(float.NaN).Concat(values[200..]).ToArray();

        var clean = Run(values);
        var gapped = Run(withGap);

        Assert.Equal(0, gapped[200][0]);
        Assert.All(gapped[200][1..], v => Assert.True(double.IsNaN(v)));
        Assert.Equal(clean[200..], gapped[201..]);
    }

    [Theory]
    [InlineData("Confidence")]
    [InlineData("ChangeHistoryLength")]
    [InlineData("PowerMartingaleEpsilon")]
    [InlineData("Martingale")]
    public void OptionsOutOfRangeAreRefusedByName(string parameter)
    {
        var options = new IidChangePointDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value" };
        switch (parameter)
        {
            case "Confidence": options.Confidence = 100; break;
            case "ChangeHistoryLength": options.ChangeHistoryLength = 1; break;
            case "PowerMartingaleEpsilon": options.PowerMartingaleEpsilon = 1; break;
            default: options.Martingale = (ChangePointMartingale)7; break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => new MLContext().Transforms.DetectChangePointByIid(options));
        Assert.Equal(parameter, error.ParamName);
    }
}
