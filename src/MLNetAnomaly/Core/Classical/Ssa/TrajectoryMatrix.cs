namespace MLNetAnomaly.Core.Classical.Ssa;

/// <summary>
/// The L × K Hankel (trajectory) matrix H of a series of length N = L + K − 1, H[i, j] = x[i + j], used without
/// forming it: its lagged covariance H·Hᵀ, products Hᵀu, and the diagonal averaging ("Hankelization") of u·vᵀ back to
/// a series (Golyandina, Nekrutkin and Zhigljavsky, <i>Analysis of Time Series Structure: SSA and Related
/// Techniques</i>, 2001). Values are single precision, as in ML.NET's SSA. ML.NET sums these products in double
/// through an FFT when L·K &gt; (3 + 3 ln N)·N and in single precision otherwise; each sum here is kept in the same
/// precision (in double directly, not through an FFT), so the results agree to the last bit or nearly.
/// </summary>
internal sealed class TrajectoryMatrix
{
    private readonly float[] _series;

    /// <summary>The trajectory matrix with <paramref name="windowSize"/> rows over the first <paramref name="length"/> values.</summary>
    internal TrajectoryMatrix(float[] series, int length, int windowSize)
    {
        _series = series;
        SeriesLength = length;
        WindowSize = windowSize;
        Columns = length - windowSize + 1;
        SumsInDouble = (double)windowSize * Columns > (3 + (3 * Math.Log(length))) * length;
    }

    /// <summary>L, the rows (lagged copies).</summary>
    internal int WindowSize { get; }

    /// <summary>K = N − L + 1, the columns.</summary>
    internal int Columns { get; }

    /// <summary>N, the values used.</summary>
    internal int SeriesLength { get; }

    /// <summary>True when ML.NET would sum the products through its double-precision FFT.</summary>
    internal bool SumsInDouble { get; }

    /// <summary>H·Hᵀ, L × L, row-major: the first row summed directly, the others each from the one above it.</summary>
    internal float[] Covariance()
    {
        var (l, k) = (WindowSize, Columns);
        var x = _series;
        var covariance = new float[l * l];
        for (var j = 0; j < l; j++)
        {
            covariance[j] = RowTimes(x, 0, k, j);
        }

        for (var i = 1; i < l; i++)
        {
            for (var j = 0; j < i; j++)
            {
                covariance[(i * l) + j] = covariance[(j * l) + i];
            }

            for (var j = i; j < l; j++)
            {
                covariance[(i * l) + j] = (float)((double)covariance[((i - 1) * l) + j - 1] - ((double)x[i - 1] * x[j - 1]) + ((double)x[i + k - 1] * x[j + k - 1]));
            }
        }

        return covariance;
    }

    /// <summary>Hᵀu into <paramref name="result"/> (K values), for u the L values of <paramref name="u"/> from <paramref name="offset"/>.</summary>
    internal void TransposeTimes(float[] u, int offset, float[] result)
    {
        for (var j = 0; j < Columns; j++)
        {
            if (SumsInDouble)
            {
                var sum = 0.0;
                for (var i = 0; i < WindowSize; i++)
                {
                    sum += (double)u[offset + i] * _series[i + j];
                }

                result[j] = (float)sum;
            }
            else
            {
                var sum = 0f;
                for (var i = 0; i < WindowSize; i++)
                {
                    sum += u[offset + i] * _series[i + j];
                }

                result[j] = sum;
            }
        }
    }

    /// <summary>
    /// Adds the diagonal averages of u·vᵀ (u the L values of <paramref name="u"/> from <paramref name="offset"/>, v the K
    /// values of <paramref name="v"/>) to the N values of <paramref name="series"/>: entry t gets the mean of u[i]·v[t − i].
    /// </summary>
    internal void AddHankelization(float[] u, int offset, float[] v, float[] series)
    {
        var (l, k, n) = (WindowSize, Columns, SeriesLength);
        for (var t = 0; t < n; t++)
        {
            var first = Math.Max(0, t - k + 1);
            var last = Math.Min(l - 1, t);
            var count = last - first + 1;
            if (SumsInDouble)
            {
                var sum = 0.0;
                for (var i = first; i <= last; i++)
                {
                    sum += (double)u[offset + i] * v[t - i];
                }

                // ML.NET scales by sigma / count in single precision before widening it.
                series[t] += (float)((double)(1f / count) * sum);
            }
            else
            {
                var sum = 0f;
                for (var i = last; i >= first; i--)
                {
                    sum += u[offset + i] * v[t - i];
                }

                series[t] += sum / count;
            }
        }
    }

    /// <summary>Σ x[start + i]·x[lag + i] for i below <paramref name="count"/>, in ML.NET's precision for this matrix.</summary>
    private float RowTimes(float[] x, int start, int count, int lag)
    {
        if (SumsInDouble)
        {
            var sum = 0.0;
            for (var i = 0; i < count; i++)
            {
                sum += (double)x[start + i] * x[i + lag];
            }

            return (float)sum;
        }

        var single = 0f;
        for (var i = 0; i < count; i++)
        {
            single += x[start + i] * x[i + lag];
        }

        return single;
    }
}
