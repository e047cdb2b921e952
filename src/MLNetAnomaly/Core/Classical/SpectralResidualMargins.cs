namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// The margins of ML.NET's whole-series spectral residual detector (<c>DetectEntireAnomalyBySrCnn</c>, margin mode): a
/// boundary unit per point from a running median of the series (its local level), and a margin of unit × factor(s) for
/// sensitivity s, where the factor falls from 532 at s = 0 to 0 at s = 100 along ML.NET's piecewise curve (quadratic,
/// then linear pieces), so a higher sensitivity gives narrower margins. The same table turns a point's distance from
/// its expected value, in units, back into a score: 0 to 1 within the table, above 1 beyond 532 units, as in ML.NET.
/// </summary>
internal static class SpectralResidualMargins
{
    /// <summary>Sensitivity whose margin bounds how far a normal point's expected value may lie from the value.</summary>
    internal const double BoundSensitivity = 93;

    /// <summary>The unit of a series none of whose normal points' local levels reaches 1e-8 (as in ML.NET, a negative level counts, so an all-negative series gets it).</summary>
    private const double UnitForZero = 0.3;

    /// <summary>factor[s] for integer sensitivities s = 0 … 100.</summary>
    internal static readonly double[] Factors = BuildFactors();

    /// <summary>unit × factor(sensitivity), linear between integer sensitivities.</summary>
    internal static double Margin(double unit, double sensitivity)
    {
        if (Math.Floor(sensitivity) == sensitivity)
        {
            return unit * Factors[(int)sensitivity];
        }

        var below = (int)sensitivity;
        return (Factors[below + 1] + ((Factors[below] - Factors[below + 1]) * (1 - sensitivity + below))) * unit;
    }

    /// <summary>
    /// ML.NET's margin-mode score of an anomaly: the sensitivity (0 to 100, interpolated between table entries) whose
    /// margin the point's distance from <paramref name="expected"/> just reaches, over 100; 0 for a normal point.
    /// </summary>
    internal static double Score(double value, double expected, double unit, bool anomaly)
    {
        if (!anomaly)
        {
            return 0;
        }

        var distance = Math.Abs(expected - value) / unit;

        // The smallest m with factor[100 − m] ≥ distance (the factors grow with m).
        int low = 0, high = 100;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (Factors[100 - middle] < distance)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        double score = Factors[100 - low] == distance || low == 0
            ? low
            : low - 1 + ((distance - Factors[101 - low]) / (Factors[100 - low] - Factors[101 - low]));
        return score / 100;
    }

    /// <summary>
    /// The boundary unit of every point: half the mean |level| over the normal points plus half the point's own |level|,
    /// the level being the median of the w points centred on it (fewer at the ends), w being min(n / 3, 512) rounded
    /// down to even, plus one; 0.3 everywhere when no
    /// normal point's level reaches 1e-8.
    /// </summary>
    internal static double[] Units(ReadOnlySpan<double> values, ReadOnlySpan<bool> anomalies)
    {
        var levels = RunningMedian(values, Math.Min(values.Length / 3, 512));
        var share = 0.5;
        var sum = 0.0;
        var normal = 0;
        var nearZero = true;
        for (var i = 0; i < levels.Length; i++)
        {
            if (!anomalies[i])
            {
                nearZero = nearZero && levels[i] < 1e-8;
                sum += Math.Abs(levels[i]);
                normal++;
            }
        }

        var average = 0.0;
        if (normal > 0)
        {
            average = sum / normal * (1 - share);
        }
        else
        {
            share = 1;
        }

        var units = new double[levels.Length];
        for (var i = 0; i < units.Length; i++)
        {
            units[i] = nearZero ? UnitForZero : average + (Math.Abs(levels[i]) * share);
            if (!double.IsFinite(units[i]))
            {
                throw new ArgumentException($"The boundary unit at row {i} is not finite: the series' levels are beyond double range.");
            }
        }

        return units;
    }

    /// <summary>
    /// The median of the (window / 2 · 2 + 1) values centred on each point, and of the values that exist near the ends;
    /// the values themselves when the series is shorter than the window. A sorted buffer slides along the series.
    /// </summary>
    internal static double[] RunningMedian(ReadOnlySpan<double> values, int window)
    {
        var width = (window / 2 * 2) + 1;
        var half = window / 2;
        var n = values.Length;
        var medians = values.ToArray();
        if (n < width)
        {
            return medians;
        }

        var sorted = new double[width];
        var count = 0;
        for (var i = 0; i < width; i++)
        {
            Insert(values[i]);
            if (i >= half)
            {
                medians[i - half] = Median();
            }
        }

        for (var i = half + 1; i < n - half; i++)
        {
            Remove(values[i - half - 1]);
            Insert(values[i + half]);
            medians[i] = Median();
        }

        for (var i = n - half; i < n; i++)
        {
            Remove(values[i - half - 1]);
            medians[i] = Median();
        }

        return medians;

        void Insert(double value)
        {
            var at = UpperBound(value);
            Array.Copy(sorted, at, sorted, at + 1, count - at);
            sorted[at] = value;
            count++;
        }

        void Remove(double value)
        {
            var at = UpperBound(value) - 1;
            Array.Copy(sorted, at + 1, sorted, at, count - at - 1);
            count--;
        }

        int UpperBound(double value)
        {
            int low = 0, high = count;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (sorted[middle] <= value)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        double Median() => count % 2 == 1 ? sorted[count / 2] : (sorted[(count / 2) - 1] + sorted[count / 2]) / 2;
    }

    /// <summary>
    /// ML.NET's factor curve, indexed by sensitivity: 0.8 (k − 30)² + 32 for k = 5 … 29, then straight lines through
    /// k = 30 … 97 (slopes −1.25, −0.4, −0.04, −0.03, −0.015 and −0.01182 per step), its value at k = 99, and a short
    /// tail falling to 0 at sensitivity 100.
    /// </summary>
    private static double[] BuildFactors()
    {
        var factors = new List<double>(101);
        for (var k = 5; k < 30; k++)
        {
            factors.Add((0.8 * ((k - 30) * (k - 30))) + 32);
        }

        (int From, int To, double Slope, double Intercept)[] lines =
        {
            (30, 50, -1.25, 67.5),
            (50, 60, -0.4, 25),
            (60, 70, -0.04, 3.4),
            (70, 80, -0.03, 2.7),
            (80, 90, -0.015, 1.4999999999999998),
            (90, 98, -0.011818181818181818, 1.2136363636363636),
        };
        foreach (var (from, to, slope, intercept) in lines)
        {
            for (var k = from; k < to; k++)
            {
                factors.Add((slope * k) + intercept);
            }
        }

        factors.Add((-0.011818181818181818 * 99) + 1.2136363636363636);
        factors.Add(0.01200000000000001);
        for (var k = 0; k < 5; k++)
        {
            factors.Add((-0.001925 * k) + 0.008);
        }

        factors.Add(0);
        return factors.ToArray();
    }
}
