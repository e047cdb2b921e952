using MLNetAnomaly.Core.Classical;

namespace MLNetAnomaly.Core.Selection;

/// <summary>The kinds of anomaly selection injects to judge detectors without labels.</summary>
internal enum InjectedKind : sbyte
{
    /// <summary>Not injected.</summary>
    None = -1,

    /// <summary>One point moved by 3 to 10 local deviations.</summary>
    Spike = 0,

    /// <summary>10 to 30 points moved by 3 to 6 local deviations.</summary>
    LevelShift = 1,

    /// <summary>10 to 30 points with 5 local deviations of added Gaussian noise.</summary>
    NoiseBurst = 2,

    /// <summary>10 to 30 points held at the value before them (a stuck sensor).</summary>
    FlatLine = 3,

    /// <summary>20 to 40 points replaced by the series played twice as fast or half as fast from the same place.</summary>
    TimeWarp = 4,
}

/// <summary>
/// Injects synthetic anomalies into a series in the manner of Goswami et al., "Unsupervised Model Selection for
/// Time-series Anomaly Detection" (ICLR 2023): every kind of <see cref="InjectedKind"/> in turn, at random
/// non-overlapping places, sized by the series' own local deviation (of the 21 points before the place).
/// </summary>
internal static class AnomalyInjection
{
    private const int Local = 21;

    /// <summary>The number of kinds (excluding <see cref="InjectedKind.None"/>).</summary>
    internal const int KindCount = 5;

    /// <summary>
    /// Injects <paramref name="count"/> anomalies, every kind in turn, into <paramref name="series"/> in place from
    /// <paramref name="start"/> on, and returns the kind at each point (<see cref="InjectedKind.None"/> elsewhere).
    /// </summary>
    internal static InjectedKind[] Inject(Random random, float[] series, int start, int count)
    {
        var kinds = new InjectedKind[series.Length];
        Array.Fill(kinds, InjectedKind.None);
        var original = (float[])series.Clone();
        for (var k = 0; k < count; k++)
        {
            var kind = (InjectedKind)(k % KindCount);
            var length = kind switch
            {
                InjectedKind.Spike => 1,
                InjectedKind.TimeWarp => 20 + random.Next(21),
                _ => 10 + random.Next(21),
            };

            // A time warp played twice as fast reads up to twice its length ahead.
            var reach = kind == InjectedKind.TimeWarp ? 2 * length : length;
            var first = Math.Max(start, Local);
            if (series.Length - reach - first <= 0)
            {
                continue;
            }

            // A few tries for a place that does not touch an earlier anomaly.
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var at = first + random.Next(series.Length - reach - first);
                if (Touches(kinds, at, length))
                {
                    continue;
                }

                Apply(random, kind, series, original, at, length);
                for (var i = at; i < at + length; i++)
                {
                    kinds[i] = kind;
                }

                break;
            }
        }

        return kinds;
    }

    private static bool Touches(InjectedKind[] kinds, int at, int length)
    {
        for (var i = Math.Max(0, at - 5); i < Math.Min(kinds.Length, at + length + 5); i++)
        {
            if (kinds[i] != InjectedKind.None)
            {
                return true;
            }
        }

        return false;
    }

    private static void Apply(Random random, InjectedKind kind, float[] series, float[] original, int at, int length)
    {
        var deviation = Math.Max(LocalDeviation(series, at), 1e-3);
        var sign = random.NextDouble() < 0.5 ? -1 : 1;
        var shift = sign * (3 + (random.NextDouble() * 3)) * deviation;
        var spike = sign * (3 + (random.NextDouble() * 7)) * deviation;
        var faster = random.NextDouble() < 0.5;
        var held = series[at - 1];
        for (var i = 0; i < length; i++)
        {
            var t = at + i;
            series[t] = kind switch
            {
                InjectedKind.Spike => (float)(series[t] + spike),
                InjectedKind.LevelShift => (float)(series[t] + shift),
                InjectedKind.NoiseBurst => (float)(series[t] + (SyntheticAnomalies.Gaussian(random) * 5 * deviation)),
                InjectedKind.FlatLine => held,
                _ => faster ? original[at + (2 * i)] : Interpolate(original, at + (0.5 * i)),
            };
        }
    }

    private static float Interpolate(float[] values, double position)
    {
        var below = (int)Math.Floor(position);
        var fraction = position - below;
        return (float)((values[below] * (1 - fraction)) + (values[Math.Min(below + 1, values.Length - 1)] * fraction));
    }

    private static double LocalDeviation(float[] series, int at)
    {
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
