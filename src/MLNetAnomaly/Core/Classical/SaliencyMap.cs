using System.Numerics;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// The spectral residual saliency map of a short series (Ren et al., "Time-Series Anomaly Detection Service at
/// Microsoft", KDD 2019, after Hou and Zhang, CVPR 2007): with F the discrete Fourier transform of the series,
/// A = |F| its amplitude and P its phase, the spectral residual is R = log A − (log A averaged over the last q
/// frequencies), and the saliency map is S = |F⁻¹(exp(R + iP))|. Points the spectrum's smooth part does not explain
/// stand out in S. One instance per series length; its buffers are reused, so it is not thread-safe.
/// </summary>
internal sealed class SaliencyMap
{
    private const double AmplitudeFloor = 1e-12;
    private readonly Complex[] _spectrum;
    private readonly FourierPlan _fourier;
    private readonly double[] _logAmplitude;
    private readonly int _averagingWindow;

    /// <summary>Prepares buffers for series of <paramref name="length"/> points.</summary>
    /// <param name="length">Points per series.</param>
    /// <param name="averagingWindow">q: frequencies averaged to smooth the log amplitude.</param>
    internal SaliencyMap(int length, int averagingWindow)
    {
        _spectrum = new Complex[length];
        _fourier = new FourierPlan(length);
        _logAmplitude = new double[length];
        _averagingWindow = averagingWindow;
    }

    /// <summary>Computes the saliency map of <paramref name="series"/> into <paramref name="saliency"/> (both of the prepared length).</summary>
    internal void Compute(ReadOnlySpan<double> series, Span<double> saliency)
    {
        var n = _spectrum.Length;
        for (var i = 0; i < n; i++)
        {
            _spectrum[i] = new Complex(series[i], 0);
        }

        _fourier.Forward(_spectrum);
        for (var i = 0; i < n; i++)
        {
            _logAmplitude[i] = Math.Log(Math.Max(_spectrum[i].Magnitude, AmplitudeFloor));
        }

        // Trailing average of the log amplitude over q frequencies (fewer at the start); exp(R + iP) = F exp(R) / A.
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += _logAmplitude[i];
            if (i >= _averagingWindow)
            {
                sum -= _logAmplitude[i - _averagingWindow];
            }

            var average = sum / Math.Min(i + 1, _averagingWindow);
            var amplitude = _spectrum[i].Magnitude;
            _spectrum[i] = amplitude > AmplitudeFloor ? _spectrum[i] * (Math.Exp(_logAmplitude[i] - average) / amplitude) : Complex.Zero;
        }

        _fourier.Inverse(_spectrum);
        for (var i = 0; i < n; i++)
        {
            saliency[i] = _spectrum[i].Magnitude;
        }
    }

    /// <summary>
    /// Fills <paramref name="extension"/> with estimated points so that the window's newest point is not at the edge
    /// of the transform (the paper's section 4.2). The paper extrapolates from the newest point by the mean slope to
    /// the m points before it; that carries a spike into its own extension (hiding it) and, one point later, makes the
    /// normal point after a spike look anomalous against an extension that starts from the spike. So here the
    /// estimate uses the m points before the newest, robustly: their median level, moved forward by the median of
    /// their consecutive differences to the newest point's position.
    /// </summary>
    internal static void Extend(ReadOnlySpan<double> window, int lookahead, Span<double> extension)
    {
        var last = window.Length - 1;
        var count = Math.Min(lookahead, last);
        Span<double> points = stackalloc double[count];
        Span<double> steps = stackalloc double[Math.Max(count - 1, 1)];
        for (var i = 0; i < count; i++)
        {
            points[i] = window[last - count + i];
        }

        for (var i = 0; i + 1 < count; i++)
        {
            steps[i] = points[i + 1] - points[i];
        }

        var slope = count > 1 ? Median(steps[..(count - 1)]) : 0;
        var level = Median(points);

        // The median of the m points sits (m − 1) / 2 steps before the last of them, which is one step before the newest.
        extension.Fill(level + (slope * (((count - 1) / 2.0) + 1)));
    }

    private static double Median(Span<double> values)
    {
        values.Sort();
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
