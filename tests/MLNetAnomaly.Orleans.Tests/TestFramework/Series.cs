namespace MLNetAnomaly.Orleans.Tests.TestFramework;

/// <summary>Deterministic synthetic series for the fleet's tests: a noisy sine per series id, with a spike now and then.</summary>
internal static class Series
{
    /// <summary>The start of every series' time axis.</summary>
    public static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary><paramref name="count"/> points of the series <paramref name="id"/>, each of <paramref name="dimensions"/> values.</summary>
    public static float[][] Values(string id, int count, int dimensions)
    {
        var random = new Random(StableHash(id));
        var period = 12 + random.Next(20);
        return Enumerable.Range(0, count).Select(i => Enumerable.Range(0, dimensions).Select(d =>
        {
            var value = (float)(Math.Sin((2 * Math.PI * i / period) + d) + (0.1 * random.NextDouble()));
            return random.Next(97) == 0 ? value + 4 : value;
        }).ToArray()).ToArray();
    }

    /// <summary>The timestamp of point <paramref name="index"/>: one a minute.</summary>
    public static DateTime Timestamp(long index) => Start.AddMinutes(index);

    /// <summary>Splits <paramref name="count"/> points into batches of 1 to <paramref name="largest"/>, the same for the same seed.</summary>
    public static IEnumerable<(int Start, int Count)> Batches(int count, int largest, int seed)
    {
        var random = new Random(seed);
        for (var start = 0; start < count;)
        {
            var size = Math.Min(count - start, 1 + random.Next(largest));
            yield return (start, size);
            start += size;
        }
    }

    /// <summary>The batch's timestamps.</summary>
    public static DateTime[] Timestamps(int start, int count) => Enumerable.Range(start, count).Select(i => Timestamp(i)).ToArray();

    /// <summary>The batch's values, row-major.</summary>
    public static float[] Flatten(float[][] points, int start, int count) => points.Skip(start).Take(count).SelectMany(p => p).ToArray();

    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
}
