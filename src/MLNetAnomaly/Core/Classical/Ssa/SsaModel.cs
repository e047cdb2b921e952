using System.Runtime.Intrinsics.X86;
using System.Numerics;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace MLNetAnomaly.Core.Classical.Ssa;

/// <summary>
/// A trained singular spectrum analysis forecaster, as ML.NET's adaptive SSA builds it for its SSA anomaly detectors
/// (no stabilisation, no forecast intervals, no update while scoring). Training embeds the series in an L × K
/// trajectory matrix, takes the eigenvectors of its lagged covariance, chooses the rank r (1 to the largest rank) whose
/// linear recurrence best forecasts the training tail, and keeps the recurrence's coefficients α, the projection onto
/// the first r eigenvectors, and the state the last L training values leave (Golyandina et al., 2001, ch. 2; the
/// recurrent forecast of the signal subspace). All arithmetic is single precision, as ML.NET's.
/// </summary>
internal sealed class SsaModel
{
    private SsaModel(int windowSize, int rank, float[] vectors, float[] coefficients, float[] state, float nextForecast, bool naive)
    {
        WindowSize = windowSize;
        Rank = rank;
        Vectors = vectors;
        Coefficients = coefficients;
        State = state;
        NextForecast = nextForecast;
        IsNaive = naive;
    }

    /// <summary>L, the SSA window: ML.NET's seasonality window, or less where training had to shrink it.</summary>
    internal int WindowSize { get; }

    /// <summary>r, the eigenvectors kept.</summary>
    internal int Rank { get; }

    /// <summary>The first <see cref="Rank"/> eigenvectors, each L values, largest eigenvalue first.</summary>
    internal float[] Vectors { get; }

    /// <summary>α, the L − 1 coefficients of the recurrence that forecasts the next value from the last L − 1.</summary>
    internal float[] Coefficients { get; }

    /// <summary>The L − 1 smoothed values the training data leaves, oldest first: where scoring starts.</summary>
    internal float[] State { get; }

    /// <summary>The forecast of the value after the training data.</summary>
    internal float NextForecast { get; }

    /// <summary>
    /// True when no eigen decomposition could serve (the window shrank to 2, or it failed) and the model uses ML.NET's
    /// naive one: a single constant vector, so each projection is the mean of the window's L values.
    /// </summary>
    internal bool IsNaive { get; }

    /// <summary>Restores a model from its saved parts, checking their sizes.</summary>
    internal static SsaModel FromParts(int windowSize, int rank, float[] vectors, float[] coefficients, float[] state, float nextForecast, bool naive)
    {
        var fits = windowSize >= 2 && rank >= 1 && rank <= Math.Max(1, windowSize / 2)
            && (long)rank * windowSize == vectors.Length && coefficients.Length == windowSize - 1 && state.Length == windowSize - 1;
        if (!fits)
        {
            throw new InvalidDataException($"the SSA forecaster's parts do not fit together (window {windowSize}, rank {rank}, {vectors.Length} vector values, {coefficients.Length} coefficients, {state.Length} state values)");
        }

        if (!vectors.All(float.IsFinite) || !coefficients.All(float.IsFinite) || !state.All(float.IsFinite) || !float.IsFinite(nextForecast))
        {
            throw new InvalidDataException("the SSA forecaster holds a value that is not finite");
        }

        return new SsaModel(windowSize, rank, vectors, coefficients, state, nextForecast, naive);
    }

    /// <summary>
    /// Trains on <paramref name="training"/> (finite values, more than 2 × <paramref name="windowSize"/> of them) with
    /// ranks 1 to <paramref name="maxRank"/> considered.
    /// </summary>
    internal static SsaModel Train(float[] training, int windowSize, int maxRank)
    {
        var n = training.Length;
        var matrix = new TrajectoryMatrix(training, n, windowSize);
        var (values, vectors) = Eigen(matrix.Covariance(), windowSize);
        var naive = false;
        for (var i = 0; i < windowSize * maxRank && !naive; i++)
        {
            naive = float.IsNaN(vectors[i]);
        }

        if (!naive)
        {
            // An eigenvector that is a unit vector ending in ±1 makes 1 − ν zero: ML.NET shrinks the window and retrains.
            for (var i = 0; i < windowSize; i++)
            {
                var last = vectors[((i + 1) * windowSize) - 1];
                if (last * last == 1)
                {
                    if (windowSize > 2)
                    {
                        return Train(training, windowSize - 1, (windowSize - 1) / 2);
                    }

                    naive = true;
                    break;
                }
            }
        }

        int rank;
        if (naive)
        {
            rank = 1;
            Array.Fill(vectors, (float)(1f / Math.Sqrt(windowSize)), 0, windowSize);
        }
        else
        {
            rank = ChooseRank(training, matrix, vectors, maxRank);
        }

        var kept = vectors.AsSpan(0, rank * windowSize).ToArray();
        var ends = new float[rank];
        var nu = 0f;
        for (var i = 0; i < rank; i++)
        {
            ends[i] = kept[(windowSize * (i + 1)) - 1];
            nu += ends[i] * ends[i];
        }

        var coefficients = new float[windowSize - 1];
        var smoothed = new float[windowSize];
        TransposeTimes(kept, rank, windowSize, ends, smoothed);
        for (var i = 0; i < windowSize - 1; i++)
        {
            coefficients[i] = smoothed[i] / (1 - nu);
        }

        // The state the last L training values leave: their projection onto the subspace, less its first value.
        var lastWindow = training.AsSpan(n - windowSize, windowSize).ToArray();
        var projection = new float[rank];
        Times(kept, rank, windowSize, lastWindow, projection);
        var projected = new float[windowSize];
        TransposeTimes(kept, rank, windowSize, projection, projected);
        var state = new float[windowSize - 1];
        var next = 0f;
        for (var i = 1; i < windowSize; i++)
        {
            state[i - 1] = projected[i];
            next += state[i - 1] * coefficients[i - 1];
        }

        return new SsaModel(windowSize, rank, kept, coefficients, state, next, naive);
    }

    /// <summary>
    /// y = W·x for the <paramref name="rank"/> vectors (rows of W), each sum in the order of ML.NET's AVX matrix product
    /// (CpuMath's <c>MatMul</c>): eight lanes, lane k summing the products of columns k, k + 8, … with fused
    /// multiply-adds (where the processor has them, as ML.NET does), then the lanes added pairwise. The same order gives
    /// the same rounding, so forecasts agree with ML.NET's to the last bit.
    /// </summary>
    internal static void Times(float[] vectors, int rank, int windowSize, ReadOnlySpan<float> x, Span<float> y)
    {
        Span<float> lanes = stackalloc float[8];
        for (var i = 0; i < rank; i++)
        {
            lanes.Clear();
            var row = i * windowSize;
            for (var j = 0; j < windowSize; j++)
            {
                lanes[j % 8] = MultiplyAdd(vectors[row + j], x[j], lanes[j % 8]);
            }

            y[i] = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
        }
    }

    /// <summary>
    /// x = Wᵀ·y, in the order of ML.NET's AVX transposed product (CpuMath's <c>MatMulTran</c>): the vectors taken four
    /// at a time, (y₀w₀ + y₁w₁) + (y₂w₂ + y₃w₃) with the second product of each pair fused, each group added to the
    /// total so far.
    /// </summary>
    internal static void TransposeTimes(float[] vectors, int rank, int windowSize, ReadOnlySpan<float> y, Span<float> x)
    {
        Span<float> w = stackalloc float[4];
        Span<float> u = stackalloc float[4];
        for (var j = 0; j < windowSize; j++)
        {
            var total = 0f;
            for (var g = 0; g < rank; g += 4)
            {
                // Vectors past the rank count as zeros, as ML.NET's padded rows do (adding their zero products changes nothing).
                for (var m = 0; m < 4; m++)
                {
                    var i = g + m;
                    (u[m], w[m]) = i < rank ? (vectors[(i * windowSize) + j], y[i]) : (0f, 0f);
                }

                var first = MultiplyAdd(u[1], w[1], u[0] * w[0]);
                var second = MultiplyAdd(u[3], w[3], u[2] * w[2]);
                var group = first + second;
                total = g == 0 ? group : group + total;
            }

            x[j] = total;
        }
    }

    /// <summary>a·b + c rounded once where the processor fuses it (as ML.NET's AVX code then does), else twice.</summary>
    private static float MultiplyAdd(float a, float b, float c) => Fma.IsSupported ? MathF.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>
    /// The eigen decomposition of the symmetric L × L <paramref name="covariance"/> in double, rounded to single
    /// precision, largest eigenvalue first: the eigenvalues, and the eigenvectors one after another. MathNet's managed
    /// provider is called directly, so a host that switches MathNet to a native provider does not change the model.
    /// </summary>
    private static (float[] Values, float[] Vectors) Eigen(float[] covariance, int windowSize)
    {
        var matrix = new double[windowSize * windowSize];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = covariance[i]; // symmetric: row-major and column-major agree
        }

        var eigenvectors = new double[windowSize * windowSize];
        var eigenvalues = new Complex[windowSize];
        if (!matrix.All(double.IsFinite))
        {
            // Values so large that their squares overflow single precision: no decomposition exists, and NaN vectors
            // send training to the naive model, as ML.NET's NaN check does. (MathNet's routine fails on such input with
            // an index error rather than NaNs.)
            Array.Fill(eigenvectors, double.NaN);
        }
        else
        {
            ManagedLinearAlgebraProvider.Instance.EigenDecomp(true, windowSize, matrix, eigenvectors, eigenvalues, new double[windowSize * windowSize]);
        }
        var ascending = new float[windowSize];
        var columns = new float[windowSize * windowSize];
        for (var j = 0; j < windowSize; j++)
        {
            ascending[j] = (float)eigenvalues[j].Real;
            for (var i = 0; i < windowSize; i++)
            {
                columns[(j * windowSize) + i] = (float)eigenvectors[(j * windowSize) + i];
            }
        }

        var order = Enumerable.Range(0, windowSize).ToArray();
        Array.Sort(order, (a, b) => ascending[b].CompareTo(ascending[a]));
        var values = new float[windowSize];
        var vectors = new float[windowSize * windowSize];
        for (var i = 0; i < windowSize; i++)
        {
            values[i] = ascending[order[i]];
            Array.Copy(columns, windowSize * order[i], vectors, windowSize * i, windowSize);
        }

        return (values, vectors);
    }

    /// <summary>
    /// ML.NET's exact rank selection: for r = 1, 2, … <paramref name="maxRank"/>, the signal reconstructed from the
    /// first r eigenvectors seeds the recurrence, which then forecasts the last min(max(L, 200), K) training values
    /// one after another from its own forecasts; the rank with the smallest total absolute error wins.
    /// </summary>
    private static int ChooseRank(float[] series, TrajectoryMatrix matrix, float[] vectors, int maxRank)
    {
        var (l, n, k) = (matrix.WindowSize, matrix.SeriesLength, matrix.Columns);
        var signal = new float[n];
        var coefficients = new float[l - 1];
        var projection = new float[k];
        var evaluation = Math.Min(Math.Max(l, 200), k);
        var window = new float[l - 1 + evaluation];
        var nu = 0f;
        var best = double.MaxValue;
        var bestRank = maxRank;
        for (var r = 0; r < maxRank; r++)
        {
            var end = vectors[(l * r) + l - 1];
            for (var j = 0; j < l - 1; j++)
            {
                coefficients[j] += end * vectors[(l * r) + j];
            }

            nu += end * end;
            matrix.TransposeTimes(vectors, l * r, projection);
            matrix.AddHankelization(vectors, l * r, projection, signal);

            var mean = 0f;
            for (var j = 0; j < n; j++)
            {
                mean += series[j] - signal[j];
            }

            mean /= n;

            // The window holds the reconstructed values before the evaluation stretch, then each forecast in turn.
            Array.Copy(signal, n - evaluation - l + 1, window, 0, l - 1);
            var error = 0.0;
            for (var j = 0; j < evaluation; j++)
            {
                var forecast = 0f;
                for (var m = 0; m < l - 1; m++)
                {
                    forecast += coefficients[m] * window[j + m];
                }

                forecast /= 1 - nu;
                forecast += mean;
                window[j + l - 1] = forecast;
                error += Math.Abs(series[n - evaluation + j] - forecast);
                if (error > best)
                {
                    break;
                }
            }

            if (error < best)
            {
                best = error;
                bestRank = r + 1;
            }
        }

        return bestRank;
    }
}
