using MLNetAnomaly.Core.PostProcessing;

namespace MLNetAnomaly.Tests.Core.PostProcessing;

public sealed class SlidingMomentsTests
{
    [Fact]
    public void GivesTheMeanAndDeviationOfTheLastValues()
    {
        var moments = new SlidingMoments(4);
        foreach (var value in new double[] { 100, 1, 2, 3, 4 })
        {
            moments.Add(value);
        }

        Assert.Equal(2.5, moments.Mean, 12);
        Assert.Equal(Math.Sqrt(1.25), moments.StandardDeviation, 12);
    }

    [Fact]
    public void AHugeValueLeavingTheWindowLeavesExactMoments()
    {
        var moments = new SlidingMoments(100);
        var random = new Random(1);
        for (var i = 0; i < 150; i++)
        {
            moments.Add(i == 120 ? 1e9 : 100 + random.NextDouble());
        }

        var tail = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var value = 100 + random.NextDouble();
            tail.Add(value);
            moments.Add(value);
        }

        var mean = tail.Average();
        var deviation = Math.Sqrt(tail.Sum(v => (v - mean) * (v - mean)) / tail.Count);
        Assert.Equal(mean, moments.Mean, 9);
        Assert.Equal(deviation, moments.StandardDeviation, 6);
    }
}
