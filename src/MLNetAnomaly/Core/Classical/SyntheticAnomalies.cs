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

    private static double Gaussian(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The kinds of anomaly <see cref="InjectMixed"/> draws from.</summary>
    internal enum Kind
    {
        Spike,
        LevelShift,
        NoiseBurst,
        FlatLine,
    }

    /// <summary>
    /// Injects <paramref name="count"/> anomalies of every kind in turn into <paramref name="series"/> in place, at
    /// random non-overlapping places from <paramref name="start"/> on, and returns the labels: spikes (one point,
    /// 3 to 10 local deviations), level shifts (10 to 30 points moved by 3 to 6 deviations), noise bursts (10 to 30
    /// points with 5 deviations of added noise) and flat lines (10 to 30 points held at the value before them).
    /// Deviations are the series' own (from the 21 points before the place).
    /// </summary>
    internal static bool[] InjectMixed(Random random, float[] series, int start, int count)
    {
        var labels = new bool[series.Length];
        var kinds = Enum.GetValues<Kind>();
        for (var k = 0; k < count; k++)
        {
            var kind = kinds[k % kinds.Length];
            var length = kind == Kind.Spike ? 1 : 10 + random.Next(21);
            var first = Math.Max(start, 21);
            if (series.Length - length - first <= 0)
            {
                break;
            }

            // A few tries for a place that does not touch an earlier anomaly.
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var at = first + random.Next(series.Length - length - first);
                if (Enumerable.Range(Math.Max(0, at - 5), Math.Min(length + 10, series.Length - Math.Max(0, at - 5))).Any(i => labels[i]))
                {
                    continue;
                }

                var deviation = Math.Max(LocalDeviation(series, at), 1e-3);
                var sign = random.NextDouble() < 0.5 ? -1 : 1;
                var shift = sign * (3 + (random.NextDouble() * 3)) * deviation;
                var spike = sign * (3 + (random.NextDouble() * 7)) * deviation;
                var held = series[at - 1];
                for (var i = at; i < at + length; i++)
                {
                    series[i] = kind switch
                    {
                        Kind.Spike => (float)(series[i] + spike),
                        Kind.LevelShift => (float)(series[i] + shift),
                        Kind.NoiseBurst => (float)(series[i] + (Gaussian(random) * 5 * deviation)),
                        _ => held,
                    };
                    labels[i] = true;
                }

                break;
            }
        }

        return labels;
    }

    private static double LocalDeviation(float[] series, int at)
    {
        const int Local = 21;
        double mean = 0, squares = 0;
        for (var j = at - Local; j < at; j++)
        {
            mean += series[j];
            squares += (double)series[j] * series[j];
        }

        mean /= Local;
        return Math.Sqrt(Math.Max((squares / Local) - (mean * mean), 0));
    }
}
