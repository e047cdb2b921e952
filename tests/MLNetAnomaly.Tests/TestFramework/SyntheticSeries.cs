namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>Seeded synthetic series for detector tests.</summary>
internal static class SyntheticSeries
{
    /// <summary>A sine of the given period and amplitude plus Gaussian noise, around a level.</summary>
    internal static float[] NoisySine(int length, int period = 24, double amplitude = 10, double noise = 0.3, double level = 50, int seed = 7)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)(level + (amplitude * Math.Sin(2 * Math.PI * i / period)) + (noise * Gaussian(random)));
        }

        return values;
    }

    /// <summary>Returns a copy of <paramref name="series"/> with <paramref name="size"/> added at each index.</summary>
    internal static float[] WithSpikes(float[] series, double size, params int[] indices)
    {
        var copy = (float[])series.Clone();
        foreach (var index in indices)
        {
            copy[index] += (float)size;
        }

        return copy;
    }

    /// <summary>Returns a copy of <paramref name="series"/> with <paramref name="shift"/> added from <paramref name="start"/> on.</summary>
    internal static float[] WithLevelShift(float[] series, double shift, int start)
    {
        var copy = (float[])series.Clone();
        for (var i = start; i < copy.Length; i++)
        {
            copy[i] += (float)shift;
        }

        return copy;
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    internal static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
