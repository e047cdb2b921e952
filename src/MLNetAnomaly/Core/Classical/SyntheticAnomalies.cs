namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// Synthetic training data for SR-CNN, as its paper trains it (Ren et al., KDD 2019, section 4.3): series without
/// labels get anomalies injected at random points, and the injected points are the positives. The families here:
/// sums of sines with random periods and amplitudes, a random trend, Gaussian noise, and random walks. An injected
/// point moves by 3 to 10 local standard deviations (of the 21 points before it), up or down.
/// </summary>
internal static class SyntheticAnomalies
{
    /// <summary>A random normal-looking series of <paramref name="length"/> points.</summary>
    internal static float[] Series(Random random, int length)
    {
        var values = new float[length];
        var level = random.NextDouble() * 100;
        var noise = 0.05 + (random.NextDouble() * 0.5);
        var walk = random.NextDouble() < 0.25;
        var trend = (random.NextDouble() - 0.5) * 0.02;
        var sines = Enumerable.Range(0, 1 + random.Next(3))
            .Select(_ => (Period: 6 + (random.NextDouble() * 90), Amplitude: random.NextDouble() * 3, Phase: random.NextDouble() * 2 * Math.PI))
            .ToArray();
        var position = 0.0;
        for (var i = 0; i < length; i++)
        {
            position = walk ? position + (Gaussian(random) * noise) : 0;
            var seasonal = sines.Sum(s => s.Amplitude * Math.Sin((2 * Math.PI * i / s.Period) + s.Phase));
            values[i] = (float)(level + (trend * i) + seasonal + position + (walk ? 0 : Gaussian(random) * noise));
        }

        return values;
    }

    /// <summary>
    /// Injects anomalies into <paramref name="series"/> in place at a share <paramref name="rate"/> of its points
    /// (never in the first 21), and returns the labels.
    /// </summary>
    internal static bool[] Inject(Random random, float[] series, double rate)
    {
        const int Local = 21;
        var labels = new bool[series.Length];
        for (var i = Local; i < series.Length; i++)
        {
            if (random.NextDouble() >= rate)
            {
                continue;
            }

            var mean = 0.0;
            var squares = 0.0;
            for (var j = i - Local; j < i; j++)
            {
                mean += series[j];
                squares += (double)series[j] * series[j];
            }

            mean /= Local;
            var deviation = Math.Sqrt(Math.Max((squares / Local) - (mean * mean), 1e-6));
            var size = (3 + (random.NextDouble() * 7)) * Math.Max(deviation, 0.1);
            series[i] += (float)(random.NextDouble() < 0.5 ? size : -size);
            labels[i] = true;
        }

        return labels;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    internal static double Gaussian(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
