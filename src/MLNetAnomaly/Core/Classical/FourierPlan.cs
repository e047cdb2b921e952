using System.Numerics;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// The discrete Fourier transform of one length, computed as MathNet.Numerics 5.0's managed provider computes
/// <c>Fourier.Forward</c> / <c>Fourier.Inverse</c> with <c>FourierOptions.Matlab</c> (forward unscaled, inverse scaled by
/// 1/N), with the same operations in the same order, so the results agree to the last bit; but everything that depends
/// only on the length is computed once. A power-of-two length is an iterative radix-2 transform; any other length is
/// Bluestein's chirp-z algorithm (Bluestein, 1970) over a radix-2 transform of the next power of two at least 2N − 1.
/// MathNet recomputes the chirp, its transform and every twiddle factor at each call and runs the two halves on
/// separate tasks; for the 69-point transforms of the streaming spectral residual that is nearly all of the cost. A
/// test checks the agreement with MathNet for many lengths. Not thread-safe: one plan per session.
/// </summary>
internal sealed class FourierPlan
{
    private readonly int _length;
    private readonly Radix2 _radix2;
    private readonly Complex[]? _chirp;
    private readonly Complex[]? _chirpConjugate;
    private readonly Complex[]? _chirpSpectrum;
    private readonly Complex[]? _work;

    /// <summary>A plan for transforms of <paramref name="length"/> points (at least 1).</summary>
    internal FourierPlan(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        _length = length;
        if (IsPowerOfTwo(length))
        {
            _radix2 = new Radix2(length);
            return;
        }

        // The chirp exp(iπk²/N), as MathNet builds it (k² in integers while it cannot overflow).
        _chirp = new Complex[length];
        _chirpConjugate = new Complex[length];
        var step = Math.PI / length;
        for (var k = 0; k < length; k++)
        {
            var t = length > 46341 ? step * k * k : step * (k * k);
            _chirp[k] = new Complex(Math.Cos(t), Math.Sin(t));
            _chirpConjugate[k] = Complex.Conjugate(_chirp[k]);
        }

        var padded = CeilingToPowerOfTwo((length << 1) - 1);
        _radix2 = new Radix2(padded);
        _chirpSpectrum = new Complex[padded];
        for (var i = 0; i < length; i++)
        {
            _chirpSpectrum[i] = _chirp[i];
        }

        for (var i = padded - length + 1; i < padded; i++)
        {
            _chirpSpectrum[i] = _chirp[padded - i];
        }

        _radix2.Forward(_chirpSpectrum);
        _work = new Complex[padded];
    }

    /// <summary>The transform of <paramref name="samples"/> (its length is the plan's), in place, unscaled.</summary>
    internal void Forward(Complex[] samples)
    {
        Check(samples);
        if (_chirp is null)
        {
            _radix2.Forward(samples);
        }
        else
        {
            Bluestein(samples);
        }
    }

    /// <summary>The inverse transform of <paramref name="spectrum"/>, in place, scaled by 1/N.</summary>
    internal void Inverse(Complex[] spectrum)
    {
        Check(spectrum);
        if (_chirp is null)
        {
            _radix2.Inverse(spectrum);
        }
        else
        {
            // The inverse through the forward algorithm: swap the real and imaginary parts before and after.
            Swap(spectrum);
            Bluestein(spectrum);
            Swap(spectrum);
        }

        var scale = 1.0 / spectrum.Length;
        for (var i = 0; i < spectrum.Length; i++)
        {
            spectrum[i] *= scale;
        }
    }

    private static bool IsPowerOfTwo(int n) => (n & (n - 1)) == 0;

    private static int CeilingToPowerOfTwo(int n)
    {
        var power = 1;
        while (power < n)
        {
            power <<= 1;
        }

        return power;
    }

    private static void Swap(Complex[] samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = new Complex(samples[i].Imaginary, samples[i].Real);
        }
    }

    private void Check(Complex[] samples)
    {
        if (samples.Length != _length)
        {
            throw new ArgumentException($"This plan transforms {_length} points; got {samples.Length}.", nameof(samples));
        }
    }

    /// <summary>Bluestein's convolution with the chirp, in MathNet's order of operations.</summary>
    private void Bluestein(Complex[] samples)
    {
        var work = _work!;
        Array.Clear(work);
        for (var i = 0; i < samples.Length; i++)
        {
            work[i] = _chirpConjugate![i] * samples[i];
        }

        _radix2.Forward(work);
        for (var i = 0; i < work.Length; i++)
        {
            work[i] *= _chirpSpectrum![i];
        }

        _radix2.Inverse(work);
        var scale = 1.0 / work.Length;
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = scale * _chirpConjugate![i] * work[i];
        }
    }

    /// <summary>An unscaled iterative radix-2 transform with its twiddle factors computed once, as MathNet computes them.</summary>
    private sealed class Radix2
    {
        private readonly Complex[] _forward;
        private readonly Complex[] _inverse;

        internal Radix2(int length)
        {
            // Level sizes 1, 2, 4, …: factor k of level L sits at L − 1 + k.
            _forward = new Complex[Math.Max(length - 1, 0)];
            _inverse = new Complex[_forward.Length];
            for (var level = 1; level < length; level <<= 1)
            {
                for (var k = 0; k < level; k++)
                {
                    var forward = -k * Math.PI / level;
                    var inverse = k * Math.PI / level;
                    _forward[level - 1 + k] = new Complex(Math.Cos(forward), Math.Sin(forward));
                    _inverse[level - 1 + k] = new Complex(Math.Cos(inverse), Math.Sin(inverse));
                }
            }
        }

        internal void Forward(Complex[] data) => Transform(data, _forward);

        internal void Inverse(Complex[] data) => Transform(data, _inverse);

        private static void Transform(Complex[] data, Complex[] twiddles)
        {
            Reorder(data);
            for (var level = 1; level < data.Length; level <<= 1)
            {
                var step = level << 1;
                for (var k = 0; k < level; k++)
                {
                    var w = twiddles[level - 1 + k];
                    for (var i = k; i < data.Length; i += step)
                    {
                        var a = data[i];
                        var t = w * data[i + level];
                        data[i] = a + t;
                        data[i + level] = a - t;
                    }
                }
            }
        }

        /// <summary>The bit-reversal permutation.</summary>
        private static void Reorder(Complex[] data)
        {
            var j = 0;
            for (var i = 0; i < data.Length - 1; i++)
            {
                if (i < j)
                {
                    (data[i], data[j]) = (data[j], data[i]);
                }

                var m = data.Length;
                do
                {
                    m >>= 1;
                    j ^= m;
                }
                while ((j & m) == 0);
            }
        }
    }
}
