using MLNetAnomaly.Core.Metrics;

namespace MLNetAnomaly.Tests.Core.Metrics;

public sealed class DetectionMetricsTests
{
    // Labelled events [2,4) and [6,7); alert runs [1,3) and [9,10).
    private static readonly bool[] Labels = Flags(0, 0, 1, 1, 0, 0, 1, 0, 0, 0);
    private static readonly bool[] Alerts = Flags(0, 1, 1, 0, 0, 0, 0, 0, 0, 1);

    [Fact]
    public void PointWiseCountsEachPoint()
    {
        // TP = {2}, FP = {1, 9}, FN = {3, 6}.
        var result = DetectionMetrics.PointWise(Labels, Alerts);
        Assert.Equal(1.0 / 3, result.Precision, 12);
        Assert.Equal(1.0 / 3, result.Recall, 12);
        Assert.Equal(1.0 / 3, result.F1, 12);
    }

    [Fact]
    public void EventWiseCountsEachEventOnce()
    {
        // Event [2,4) holds an alert, [6,7) does not; alert run [1,3) overlaps an event, [9,10) does not.
        var result = DetectionMetrics.EventWise(Labels, Alerts);
        Assert.Equal(0.5, result.Recall, 12);
        Assert.Equal(0.5, result.Precision, 12);
        Assert.Equal(0.5, result.F1, 12);
    }

    [Fact]
    public void RangeBasedCreditsTheShareOfEachRangeCovered()
    {
        // Labelled ranges [2,4) (half alerted: 2) and [6,7) (not): recall (1/2 + 0) / 2. Alert runs [1,3) (half
        // labelled: 2) and [9,10) (not): precision (1/2 + 0) / 2.
        var result = DetectionMetrics.RangeBased(Labels, Alerts);
        Assert.Equal(0.25, result.Recall, 12);
        Assert.Equal(0.25, result.Precision, 12);

        // A long range caught at one point gets a tenth of the credit event figures give it.
        var longRange = new bool[20];
        Array.Fill(longRange, true, 5, 10);
        var onePoint = new bool[20];
        onePoint[7] = true;
        Assert.Equal(1, DetectionMetrics.EventWise(longRange, onePoint).Recall, 12);
        Assert.Equal(0.1, DetectionMetrics.RangeBased(longRange, onePoint).Recall, 12);
        Assert.Equal(1, DetectionMetrics.RangeBased(longRange, onePoint).Precision, 12);
    }

    [Fact]
    public void PointAdjustedCreditsTheWholeEventOfAnyAlert()
    {
        // Event [2,4) is detected, so 3 counts too: TP = {2, 3}, FP = {1, 9}, FN = {6}.
        var result = DetectionMetrics.PointAdjusted(Labels, Alerts);
        Assert.Equal(0.5, result.Precision, 12);
        Assert.Equal(2.0 / 3, result.Recall, 12);
        Assert.Equal(4.0 / 7, result.F1, 12);
    }

    [Fact]
    public void AucRocAndAveragePrecisionMatchHandComputedValues()
    {
        var labels = Flags(0, 0, 1, 1);
        var scores = new[] { 0.1, 0.4, 0.35, 0.8 };

        // Pairs (positive, negative) ranked right: (0.35>0.1), (0.8>0.1), (0.8>0.4); wrong: (0.35<0.4) -> 3/4.
        Assert.Equal(0.75, DetectionMetrics.AucRoc(labels, scores), 12);

        // Thresholds 0.8: P=1, R=.5; 0.4: P=.5, R=.5; 0.35: P=2/3, R=1; AP = .5*1 + .5*(2/3).
        Assert.Equal(0.5 + (1.0 / 3), DetectionMetrics.AucPr(labels, scores), 12);
    }

    [Fact]
    public void TiesShareTheirRank()
    {
        Assert.Equal(0.5, DetectionMetrics.AucRoc(Flags(0, 1), new[] { 0.5, 0.5 }), 12);
        Assert.Equal(0.5, DetectionMetrics.AucPr(Flags(0, 1), new[] { 0.5, 0.5 }), 12);
    }

    [Fact]
    public void BestF1SweepsEveryThreshold()
    {
        // >=0.8: F1 2/3; >=0.4: 1/2; >=0.35: P 2/3, R 1 -> 0.8; >=0.1: 2/3.
        var (f1, threshold) = DetectionMetrics.BestF1(Flags(0, 0, 1, 1), new[] { 0.1, 0.4, 0.35, 0.8 });
        Assert.Equal(0.8, f1, 12);
        Assert.Equal(0.35, threshold);
    }

    [Fact]
    public void NoAnomaliesInTheLabels()
    {
        var none = new bool[6];
        var someAlerts = Flags(0, 1, 0, 0, 1, 0);

        Assert.Equal(new PrecisionRecall(0, 0), DetectionMetrics.PointWise(none, someAlerts));
        Assert.Equal(new PrecisionRecall(0, 0), DetectionMetrics.EventWise(none, someAlerts));
        Assert.True(double.IsNaN(DetectionMetrics.AucRoc(none, new double[6])));
        Assert.True(double.IsNaN(DetectionMetrics.AucPr(none, new double[6])));
        Assert.Equal(0, DetectionMetrics.BestF1(none, new[] { 1.0, 2, 3, 4, 5, 6 }).F1);
    }

    [Fact]
    public void NoAlerts()
    {
        var result = DetectionMetrics.PointWise(Labels, new bool[Labels.Length]);
        Assert.Equal(new PrecisionRecall(0, 0), result);
        Assert.Equal(0, result.F1);
        Assert.Equal(new PrecisionRecall(0, 0), DetectionMetrics.EventWise(Labels, new bool[Labels.Length]));
    }

    [Fact]
    public void AllAlerts()
    {
        var all = Enumerable.Repeat(true, Labels.Length).ToArray();

        Assert.Equal(new PrecisionRecall(0.3, 1), DetectionMetrics.PointWise(Labels, all));
        // One alert run covering everything overlaps both events.
        Assert.Equal(new PrecisionRecall(1, 1), DetectionMetrics.EventWise(Labels, all));
    }

    [Fact]
    public void EventsTouchingTheEndsOfTheSeriesAreFound()
    {
        var runs = LabelledEvents.Runs(Flags(1, 1, 0, 1, 0, 1));
        Assert.Equal(new[] { new SeriesEvent(0, 2), new SeriesEvent(3, 4), new SeriesEvent(5, 6) }, runs);
    }

    [Fact]
    public void MismatchedLengthsAndNaNScoresAreRejected()
    {
        Assert.Throws<ArgumentException>(() => DetectionMetrics.PointWise(Labels, new bool[3]));
        Assert.Throws<ArgumentException>(() => DetectionMetrics.AucRoc(Flags(0, 1), new[] { 0.1, double.NaN }));
    }

    [Fact]
    public void FastAucsAgreeWithBruteForceOnRandomDataWithTies()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(2, 40);
            var labels = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.3).ToArray();
            var scores = Enumerable.Range(0, n).Select(_ => (double)random.Next(0, 8)).ToArray();
            if (labels.All(l => l) || labels.All(l => !l))
            {
                continue;
            }

            // ROC: the share of (anomaly, normal) pairs ordered right, ties counting half.
            double pairs = 0, right = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    if (labels[i] && !labels[j])
                    {
                        pairs++;
                        right += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    }
                }
            }

            Assert.Equal(right / pairs, DetectionMetrics.AucRoc(labels, scores), 12);

            // Average precision: at each distinct threshold, recall gained times precision there.
            var positives = labels.Count(l => l);
            double area = 0, previousRecall = 0;
            foreach (var threshold in scores.Distinct().OrderByDescending(t => t))
            {
                var flagged = Enumerable.Range(0, n).Where(i => scores[i] >= threshold).ToList();
                var hits = flagged.Count(i => labels[i]);
                area += ((double)hits / positives - previousRecall) * hits / flagged.Count;
                previousRecall = (double)hits / positives;
            }

            Assert.Equal(area, DetectionMetrics.AucPr(labels, scores), 12);
        }
    }

    private static bool[] Flags(params int[] values) => values.Select(v => v != 0).ToArray();
}
