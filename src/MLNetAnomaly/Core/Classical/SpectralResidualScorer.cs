using System.Numerics;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// ML.NET's streaming spectral residual score of the newest point of a window (Ren et al., KDD 2019), computed as
/// ML.NET 5.0.1 computes it, in single precision with the transforms in double rounded to single: the window is
/// extended by <c>BackAddWindowSize</c> copies of one estimated next point, transformed, its log amplitude minus a
/// trailing average over <c>AveragingWindowSize</c> frequencies (a magnitude of exactly 0, or of exactly 1, zeroes its
/// bin) is transformed back with the original phase, and the newest point's saliency S is compared with the trailing
/// average S̄ of the last <c>JudgementWindowSize</c> saliency values: score = |S − S̄| / max(S̄, 1e-8) / 10.
/// The transforms are MathNet's, to the bit, with their length-dependent parts computed once (<see cref="FourierPlan"/>).
/// One instance per session; its buffers are reused, so it is not thread-safe.
/// </summary>
internal sealed class SpectralResidualScorer
{
    private readonly SpectralResidualSettings _settings;
    private readonly double[] _window;
    private readonly double[] _extension;
    private readonly Complex[] _spectrum;
    private readonly FourierPlan _fourier;
    private readonly float[] _real;
    private readonly float[] _imaginary;
    private readonly float[] _magnitude;
    private readonly float[] _logMagnitude;
    private readonly float[] _smoothedLog;
    private readonly float[] _saliency;
    private readonly float[] _sums;

    internal SpectralResidualScorer(SpectralResidualSettings settings)
    {
        _settings = settings;
        var length = settings.WindowSize + settings.BackAddWindowSize;
        _window = new double[settings.WindowSize];
        _extension = new double[settings.BackAddWindowSize];
        _spectrum = new Complex[length];
        _fourier = new FourierPlan(length);
        _real = new float[length];
        _imaginary = new float[length];
        _magnitude = new float[length];
        _logMagnitude = new float[length];
        _smoothedLog = new float[length];
        _saliency = new float[length];
        _sums = new float[length];
    }

    /// <summary>The score and the saliency (ML.NET's "Mag") of the newest point of <paramref name="window"/> (WindowSize points, oldest first).</summary>
    internal (float Score, float Saliency) Score(ReadOnlySpan<float> window)
    {
        var size = _settings.WindowSize;
        var length = _spectrum.Length;
        var next = _settings.RobustExtension ? RobustNext(window) : NextByMeanSlope(window);
        for (var i = 0; i < length; i++)
        {
            _spectrum[i] = new Complex(i < size ? window[i] : next, 0);
        }

        _fourier.Forward(_spectrum);
        for (var i = 0; i < length; i++)
        {
            _real[i] = (float)_spectrum[i].Real;
            _imaginary[i] = (float)_spectrum[i].Imaginary;
            _magnitude[i] = Magnitude(_real[i], _imaginary[i]);
            _logMagnitude[i] = _magnitude[i] != 0 ? (float)Math.Log(_magnitude[i]) : 0;
        }

        // The residual log amplitude, back onto the original phase; a bin whose log amplitude is exactly 0 is dropped.
        TrailingAverage(_logMagnitude, length - 1, _settings.AveragingWindowSize, _smoothedLog);
        for (var i = 0; i < length; i++)
        {
            if (_logMagnitude[i] != 0)
            {
                var residual = (float)Math.Exp(_logMagnitude[i] - _smoothedLog[i]);
                _spectrum[i] = new Complex(Rescale(_real[i], residual, _magnitude[i]), Rescale(_imaginary[i], residual, _magnitude[i]));
            }
            else
            {
                _spectrum[i] = Complex.Zero;
            }
        }

        _fourier.Inverse(_spectrum);
        for (var i = 0; i < length; i++)
        {
            var real = (float)_spectrum[i].Real;
            var imaginary = (float)_spectrum[i].Imaginary;
            _saliency[i] = Magnitude(real, imaginary);
        }

        var newest = size - 1;
        var saliency = _saliency[newest];
        var average = TrailingAverage(_saliency, newest, _settings.JudgementWindowSize, null);
        var divisor = Math.Max((double)average, 1e-8);
        var score = (float)(MathF.Abs(saliency - average) / divisor);
        return (score / 10f, saliency);
    }

    /// <summary>
    /// part · residual / magnitude in single precision, as ML.NET computes it; where the product overflows single
    /// precision (a huge value beside small ones in the window), in double, where ML.NET's would be infinite.
    /// </summary>
    private static float Rescale(float part, float residual, float magnitude)
    {
        var value = part * residual / magnitude;
        return float.IsFinite(value) || !float.IsFinite(part) || !float.IsFinite(residual) ? value : (float)((double)part * residual / magnitude);
    }

    /// <summary>
    /// |re + i·im| in single precision, as ML.NET computes it; where the squares overflow single precision (values
    /// from about 1e19), in double, rounded back, where ML.NET's would be infinite and the score NaN.
    /// </summary>
    private static float Magnitude(float real, float imaginary)
    {
        var magnitude = MathF.Sqrt((real * real) + (imaginary * imaginary));
        return float.IsFinite(magnitude) || !float.IsFinite(real) || !float.IsFinite(imaginary)
            ? magnitude
            : (float)Math.Sqrt(((double)real * real) + ((double)imaginary * imaginary));
    }

    /// <summary>
    /// ML.NET's trailing moving average of width <paramref name="width"/> at <paramref name="index"/>, through a
    /// running sum in single precision (the first width − 1 entries average the prefix); with
    /// <paramref name="all"/>, every entry up to <paramref name="index"/> is written there.
    /// </summary>
    private float TrailingAverage(float[] values, int index, int width, float[]? all)
    {
        // Kept as ML.NET keeps it: differences of the running sum, so the rounding matches.
        var sums = _sums;
        var sum = 0f;
        for (var i = 0; i <= index; i++)
        {
            sum += values[i];
            sums[i] = sum;
        }

        float At(int i) => i >= width ? (sums[i] - sums[i - width]) / width : sums[i] / (i + 1);
        if (all is not null)
        {
            for (var i = 0; i <= index; i++)
            {
                all[i] = At(i);
            }
        }

        return At(index);
    }

    /// <summary>
    /// ML.NET's estimate of the next point, from the LookaheadWindowSize + 1 points before the newest (the newest is not
    /// used): the second of them plus the sum, over each earlier one, of its slope to the last of them.
    /// </summary>
    private float NextByMeanSlope(ReadOnlySpan<float> window)
    {
        var points = window.Slice(window.Length - _settings.LookaheadWindowSize - 2, _settings.LookaheadWindowSize + 1);
        var n = points.Length;
        var slopes = 0f;
        for (var i = 0; i < n - 1; i++)
        {
            slopes += (points[n - 1] - points[i]) / (n - 1 - i);
        }

        return points[1] + slopes;
    }

    /// <summary>The robust estimate (<see cref="SaliencyMap.Extend"/>): median level and step of the points before the newest.</summary>
    private float RobustNext(ReadOnlySpan<float> window)
    {
        for (var i = 0; i < window.Length; i++)
        {
            _window[i] = window[i];
        }

        SaliencyMap.Extend(_window, _settings.LookaheadWindowSize, _extension);
        return (float)_extension[0];
    }
}
