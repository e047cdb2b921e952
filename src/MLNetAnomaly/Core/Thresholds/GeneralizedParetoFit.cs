namespace MLNetAnomaly.Core.Thresholds;

/// <summary>
/// A generalised Pareto distribution fitted by maximum likelihood to peaks (excesses over a threshold), using
/// Grimshaw's reduction of the two-parameter problem to roots of one equation in x = γ/σ, as SPOT does
/// (Siffer et al., "Anomaly Detection in Streams with Extreme Value Theory", KDD 2017, section 3.2).
/// </summary>
/// <param name="Shape">γ: above 0 a heavy tail, 0 an exponential tail, below 0 a bounded tail.</param>
/// <param name="Scale">σ &gt; 0.</param>
internal readonly record struct GeneralizedParetoFit(double Shape, double Scale)
{
    private const int GridPoints = 256;

    /// <summary>Fits the distribution to <paramref name="peaks"/> (all &gt; 0; at least two distinct values).</summary>
    internal static GeneralizedParetoFit Fit(IReadOnlyList<double> peaks)
    {
        double mean = 0, min = double.MaxValue, max = 0;
        foreach (var y in peaks)
        {
            mean += y;
            min = Math.Min(min, y);
            max = Math.Max(max, y);
        }

        mean /= peaks.Count;

        // γ = 0 (exponential tail) is always a candidate: its MLE is σ = mean.
        var best = new GeneralizedParetoFit(0, mean);
        var bestLikelihood = best.LogLikelihood(peaks);
        if (max <= min)
        {
            return best;
        }

        // Grimshaw: the MLE's x* solves u(x) v(x) = 1 and lies in (-1/max, 0) or (0, 2 (mean - min) / min²).
        var epsilon = 1e-8 / max;
        var lower = (-1 / max) + epsilon;
        var upper = min > 0 ? 2 * (mean - min) / (min * min) : 1 / epsilon;
        foreach (var root in Roots(peaks, lower, -epsilon).Concat(Roots(peaks, epsilon, upper)))
        {
            var shape = V(peaks, root) - 1;
            if (shape == 0 || !double.IsFinite(shape))
            {
                continue;
            }

            var candidate = new GeneralizedParetoFit(shape, shape / root);
            var likelihood = candidate.LogLikelihood(peaks);
            if (candidate.Scale > 0 && likelihood > bestLikelihood)
            {
                (best, bestLikelihood) = (candidate, likelihood);
            }
        }

        return best;
    }

    /// <summary>The log-likelihood of <paramref name="peaks"/> under this distribution (−∞ outside its support).</summary>
    internal double LogLikelihood(IReadOnlyList<double> peaks)
    {
        var sum = 0.0;
        foreach (var y in peaks)
        {
            if (Shape == 0)
            {
                sum += y / Scale;
                continue;
            }

            var z = 1 + (Shape * y / Scale);
            if (z <= 0)
            {
                return double.NegativeInfinity;
            }

            sum += (1 + (1 / Shape)) * Math.Log(z);
        }

        return (-peaks.Count * Math.Log(Scale)) - sum;
    }

    /// <summary>The value exceeded with probability <paramref name="exceedance"/> by a peak (the tail quantile).</summary>
    internal double PeakQuantile(double exceedance)
        => Shape == 0 ? -Scale * Math.Log(exceedance) : Scale / Shape * (Math.Pow(exceedance, -Shape) - 1);

    private static IEnumerable<double> Roots(IReadOnlyList<double> peaks, double from, double to)
    {
        if (!(to > from))
        {
            yield break;
        }

        // Scan a grid for sign changes of w(x) = u(x) v(x) - 1, then bisect. Both ends share a sign, and the grid is
        // geometric in |x| so that it is as fine near zero, where roots crowd, as near the far end.
        var near = Math.Min(Math.Abs(from), Math.Abs(to));
        var far = Math.Max(Math.Abs(from), Math.Abs(to));
        var sign = to > 0 ? 1 : -1;
        var previousX = sign * near;
        var previousW = W(peaks, previousX);
        for (var k = 1; k <= GridPoints; k++)
        {
            var x = sign * near * Math.Pow(far / near, (double)k / GridPoints);
            var w = W(peaks, x);
            if (double.IsFinite(previousW) && double.IsFinite(w) && Math.Sign(previousW) != Math.Sign(w))
            {
                yield return Bisect(peaks, previousX, x, previousW);
            }

            (previousX, previousW) = (x, w);
        }
    }

    private static double Bisect(IReadOnlyList<double> peaks, double low, double high, double wLow)
    {
        for (var i = 0; i < 100 && high - low > 1e-14 * Math.Max(1, Math.Abs(low)); i++)
        {
            var middle = (low + high) / 2;
            var w = W(peaks, middle);
            if (Math.Sign(w) == Math.Sign(wLow))
            {
                (low, wLow) = (middle, w);
            }
            else
            {
                high = middle;
            }
        }

        return (low + high) / 2;
    }

    private static double W(IReadOnlyList<double> peaks, double x) => (U(peaks, x) * V(peaks, x)) - 1;

    private static double U(IReadOnlyList<double> peaks, double x)
    {
        var sum = 0.0;
        foreach (var y in peaks)
        {
            sum += 1 / (1 + (x * y));
        }

        return sum / peaks.Count;
    }

    private static double V(IReadOnlyList<double> peaks, double x)
    {
        var sum = 0.0;
        foreach (var y in peaks)
        {
            sum += Math.Log(1 + (x * y));
        }

        return 1 + (sum / peaks.Count);
    }
}
