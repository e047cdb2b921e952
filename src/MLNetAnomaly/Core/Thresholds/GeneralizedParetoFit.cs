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
    private const int LocalGridPoints = 32;

    /// <summary>Fits the distribution to <paramref name="peaks"/> (all &gt; 0; at least two distinct values).</summary>
    internal static GeneralizedParetoFit Fit(IReadOnlyList<double> peaks) => Fit(peaks as double[] ?? peaks.ToArray());

    /// <summary>
    /// Refits after the peaks changed a little: Grimshaw's roots are sought only in [x/2, 2x] around the previous
    /// fit's x = γ/σ (a scan of 32 points instead of 2 × 256 over the whole interval) and compared with the
    /// exponential candidate; when that bracket holds no root, or the previous fit was exponential, it falls back to
    /// <see cref="Fit(double[])"/>. About a tenth of the cost of a full fit.
    /// </summary>
    internal static GeneralizedParetoFit Refit(double[] peaks, GeneralizedParetoFit previous)
    {
        if (previous.Shape == 0 || !(previous.Scale > 0))
        {
            return Fit(peaks);
        }

        double mean = 0, max = 0;
        foreach (var y in peaks)
        {
            mean += y;
            max = Math.Max(max, y);
        }

        mean /= peaks.Length;
        var x = previous.Shape / previous.Scale;
        var (low, high) = x > 0 ? (x / 2, x * 2) : (Math.Max(x * 2, (-1 / max) + (1e-8 / max)), x / 2);
        var best = new GeneralizedParetoFit(0, mean);
        var bestLikelihood = best.LogLikelihood(peaks);
        var found = false;
        foreach (var root in Roots(peaks, low, high, LocalGridPoints))
        {
            found = true;
            var shape = V(peaks, root) - 1;
            var candidate = new GeneralizedParetoFit(shape, shape / root);
            var likelihood = candidate.LogLikelihood(peaks);
            if (shape != 0 && double.IsFinite(shape) && candidate.Scale > 0 && likelihood > bestLikelihood)
            {
                (best, bestLikelihood) = (candidate, likelihood);
            }
        }

        return found ? best : Fit(peaks);
    }

    /// <summary>The same over an array (the scans below run over it many times, so no interface enumeration).</summary>
    internal static GeneralizedParetoFit Fit(double[] peaks)
    {
        double mean = 0, min = double.MaxValue, max = 0;
        foreach (var y in peaks)
        {
            mean += y;
            min = Math.Min(min, y);
            max = Math.Max(max, y);
        }

        mean /= peaks.Length;

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
    internal double LogLikelihood(double[] peaks)
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

        return (-peaks.Length * Math.Log(Scale)) - sum;
    }

    /// <summary>The value exceeded with probability <paramref name="exceedance"/> by a peak (the tail quantile).</summary>
    internal double PeakQuantile(double exceedance)
        => Shape == 0 ? -Scale * Math.Log(exceedance) : Scale / Shape * (Math.Pow(exceedance, -Shape) - 1);

    private static IEnumerable<double> Roots(double[] peaks, double from, double to, int gridPoints = GridPoints)
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
        for (var k = 1; k <= gridPoints; k++)
        {
            var x = sign * near * Math.Pow(far / near, (double)k / gridPoints);
            var w = W(peaks, x);
            if (double.IsFinite(previousW) && double.IsFinite(w) && Math.Sign(previousW) != Math.Sign(w))
            {
                yield return Bisect(peaks, previousX, x, previousW);
            }

            (previousX, previousW) = (x, w);
        }
    }

    private static double Bisect(double[] peaks, double low, double high, double wLow)
    {
        for (var i = 0; i < 100 && high - low > 1e-10 * Math.Max(1e-6, Math.Abs(low)); i++)
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

    /// <summary>w(x) = u(x) v(x) − 1, with u and v of Grimshaw's reduction summed in one pass.</summary>
    private static double W(double[] peaks, double x)
    {
        double u = 0, v = 0;
        for (var i = 0; i < peaks.Length; i++)
        {
            var z = 1 + (x * peaks[i]);
            u += 1 / z;
            v += Math.Log(z);
        }

        return (u / peaks.Length * (1 + (v / peaks.Length))) - 1;
    }

    /// <summary>v(x) = 1 + mean of log(1 + x y); γ = v(x*) − 1 at the root.</summary>
    private static double V(double[] peaks, double x)
    {
        var sum = 0.0;
        for (var i = 0; i < peaks.Length; i++)
        {
            sum += Math.Log(1 + (x * peaks[i]));
        }

        return 1 + (sum / peaks.Length);
    }
}
