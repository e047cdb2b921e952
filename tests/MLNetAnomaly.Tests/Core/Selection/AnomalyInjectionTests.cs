using MLNetAnomaly.Core.Selection;

namespace MLNetAnomaly.Tests.Core.Selection;

public sealed class AnomalyInjectionTests
{
    [Fact]
    public void EveryKindIsInjectedAfterTheStartWithoutOverlapsAndTheRestIsUntouched()
    {
        var series = Enumerable.Range(0, 2000).Select(i => (float)(10 * Math.Sin(i * 0.1))).ToArray();
        var original = (float[])series.Clone();

        var kinds = AnomalyInjection.Inject(new Random(1), series, start: 1000, count: 10);

        Assert.All(kinds[..1000], k => Assert.Equal(InjectedKind.None, k));
        foreach (var kind in Enum.GetValues<InjectedKind>().Where(k => k != InjectedKind.None))
        {
            Assert.Contains(kind, kinds);
        }

        Assert.Equal(2, Runs(kinds).Count(r => r.Kind == InjectedKind.Spike));
        Assert.All(Runs(kinds).Where(r => r.Kind is not InjectedKind.None and not InjectedKind.Spike), r => Assert.InRange(r.Length, 10, 40));
        for (var i = 0; i < series.Length; i++)
        {
            if (kinds[i] == InjectedKind.None)
            {
                Assert.Equal(original[i], series[i]);
            }
        }
    }

    [Fact]
    public void ATimeWarpReplaysTheSeriesFasterOrSlowerFromItsPlace()
    {
        var series = Enumerable.Range(0, 3000).Select(i => (float)i).ToArray();

        var kinds = AnomalyInjection.Inject(new Random(2), series, start: 100, count: 5);

        var warp = Runs(kinds).Single(r => r.Kind == InjectedKind.TimeWarp);
        var steps = Enumerable.Range(warp.Start + 1, warp.Length - 1).Select(i => series[i] - series[i - 1]).Distinct().ToList();
        Assert.Single(steps);
        Assert.Contains(steps[0], new[] { 0.5f, 2f });
        Assert.Equal(warp.Start, series[warp.Start]);
    }

    private static List<(InjectedKind Kind, int Start, int Length)> Runs(InjectedKind[] kinds)
    {
        var runs = new List<(InjectedKind, int, int)>();
        for (var i = 0; i < kinds.Length;)
        {
            var j = i;
            while (j < kinds.Length && kinds[j] == kinds[i])
            {
                j++;
            }

            runs.Add((kinds[i], i, j - i));
            i = j;
        }

        return runs;
    }
}
