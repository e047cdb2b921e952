using MLNetAnomaly.Core.Metrics;

namespace MLNetAnomaly.Tests.Core.Metrics;

public sealed class VolumeUnderSurfaceTests
{
    [Fact]
    public void PerfectDetectorScoresOneAtEveryBuffer()
    {
        var labels = new bool[300];
        labels.AsSpan(100, 10).Fill(true);
        labels.AsSpan(200, 5).Fill(true);
        var scores = labels.Select(l => l ? 1.0 : 0.0).ToArray();

        Assert.Equal(1.0, VolumeUnderSurface.PrecisionRecall(labels, scores, 0), 12);

        // With buffers the points beside each event carry soft labels a point-exact detector does not flag, so it
        // scores below 1, yet far above a detector that flags the same number of points at random.
        var random = new Random(2);
        var chance = labels.Select(_ => random.NextDouble() < 15.0 / 300 ? 1.0 : 0.0).ToArray();
        var perfect = VolumeUnderSurface.PrecisionRecall(labels, scores, 20);
        Assert.InRange(perfect, 0.5, 1.0);
        Assert.True(perfect > 5 * VolumeUnderSurface.PrecisionRecall(labels, chance, 20));
    }

    [Fact]
    public void BuffersCreditADetectionJustAfterTheEvent()
    {
        var labels = new bool[400];
        labels.AsSpan(150, 4).Fill(true);
        var late = new double[400];
        late[156] = 1; // two points after the event ends

        var withoutBuffer = VolumeUnderSurface.PrecisionRecall(labels, late, 0);
        var withBuffer = VolumeUnderSurface.PrecisionRecall(labels, late, 20);

        // Without buffers the detection earns nothing; only flagging everything adds (1 - 0) * (0 + 4/400) / 2.
        Assert.Equal(0.005, withoutBuffer, 12);
        Assert.True(withBuffer > 0.1, $"VUS-PR with buffers was {withBuffer:F3}");
    }

    [Fact]
    public void NoLabelledPointsGivesNaN()
        => Assert.True(double.IsNaN(VolumeUnderSurface.PrecisionRecall(new bool[10], new double[10], 4)));

    [Fact]
    public void MatchesALiteralEvaluationOfTheDefinition()
    {
        var random = new Random(21);
        for (var trial = 0; trial < 25; trial++)
        {
            var n = random.Next(30, 300);
            var labels = new bool[n];
            for (var e = random.Next(1, 4); e > 0; e--)
            {
                var start = random.Next(0, n - 5);
                labels.AsSpan(start, random.Next(1, 5)).Fill(true);
            }

            var scores = Enumerable.Range(0, n).Select(i => labels[i] && random.NextDouble() < 0.6 ? random.Next(5, 10) : (double)random.Next(0, 7)).ToArray();
            var maxBuffer = random.Next(0, 12);

            Assert.Equal(Literal(labels, scores, maxBuffer), VolumeUnderSurface.PrecisionRecall(labels, scores, maxBuffer), 9);
        }
    }

    /// <summary>The definition evaluated directly: every threshold recomputes the flagged set from scratch.</summary>
    private static double Literal(bool[] labels, double[] scores, int maxBuffer)
    {
        var n = labels.Length;
        var events = LabelledEvents.Runs(labels);
        var positives = labels.Count(l => l);
        var sorted = scores.OrderByDescending(s => s).ToArray();
        var volume = 0.0;
        for (var w = 0; w <= maxBuffer; w++)
        {
            var soft = labels.Select(l => l ? 1.0 : 0.0).ToArray();
            foreach (var e in events)
            {
                for (var d = 1; d <= w / 2; d++)
                {
                    if (e.End - 1 + d < n)
                    {
                        soft[e.End - 1 + d] = Math.Min(1, soft[e.End - 1 + d] + Math.Sqrt(1 - ((double)d / w)));
                    }

                    if (e.Start - d >= 0)
                    {
                        soft[e.Start - d] = Math.Min(1, soft[e.Start - d] + Math.Sqrt(1 - ((double)d / w)));
                    }
                }
            }

            // Widened events, merged where they meet.
            var spans = new List<(int Start, int End)>();
            for (var k = 0; k < events.Count; k++)
            {
                var span = (Start: Math.Max(events[k].Start - (w / 2), 0), End: Math.Min(events[k].End - 1 + (w / 2), n - 1));
                var meetsPrevious = k > 0 && events[k - 1].End - 1 + (w / 2) >= events[k].Start - (w / 2);
                if (meetsPrevious)
                {
                    spans[^1] = (spans[^1].Start, span.End);
                }
                else
                {
                    spans.Add(span);
                }
            }

            var adjusted = (positives + soft.Sum()) / 2;
            double area = 0, previousRate = 0, previousPrecision = 1;
            for (var t = 0; t < 250; t++)
            {
                var threshold = sorted[(int)((double)t * (n - 1) / 249)];
                var flagged = Enumerable.Range(0, n).Where(i => scores[i] >= threshold).ToList();
                var tp = flagged.Sum(i => soft[i]);
                var found = spans.Count(s => flagged.Any(i => i >= s.Start && i <= s.End && soft[i] > 0));
                var rate = Math.Min(tp / adjusted, 1) * found / spans.Count;
                var precision = tp / flagged.Count;
                area += (rate - previousRate) * (precision + previousPrecision) / 2;
                (previousRate, previousPrecision) = (rate, precision);
            }

            volume += area;
        }

        return volume / (maxBuffer + 1);
    }
}
