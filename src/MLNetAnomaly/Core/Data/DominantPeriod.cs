using MathNet.Numerics.Distributions;

namespace MLNetAnomaly.Core.Data;

/// <summary>
/// Finds the dominant period of a series from its autocorrelation: each dimension is detrended (least-squares line)
/// and its biased sample autocorrelation computed; the dimensions' autocorrelations are averaged; the period is the
/// lag of the highest local maximum that stands out from noise. "Noise" is a series with the same short memory:
/// Bartlett's variance of a sample autocorrelation, (1 + 2 Σ r_j²) / n, summed over the lags before the
/// autocorrelation first crosses zero, so a strongly autocorrelated series without a season (an autoregression, a
/// random walk, whose long-lag autocorrelations swing widely) needs a far higher peak than white noise. The band is
/// z standard deviations, with z Bonferroni-corrected for the number of lags searched (each lag is one more chance for
/// noise to peak); a peak must rise above it, and by more than it from the lowest autocorrelation at a shorter lag.
/// The biased estimator shrinks longer lags, so multiples of the period rank below it. Lags run up to a third of the
/// series, so a period is seen at least three times.
/// </summary>
internal static class DominantPeriod
{

    /// <summary>
    /// The dominant period of <paramref name="values"/> (row-major, <paramref name="dimensions"/> per row, finite), at
    /// most <paramref name="maximumLag"/>, or null when the series shows none.
    /// </summary>
    internal static int? Find(ReadOnlySpan<float> values, int dimensions, int maximumLag)
    {
        var rows = values.Length / dimensions;
        var lags = Math.Min(maximumLag, rows / 3);
        if (lags < 2)
        {
            return null;
        }

        var correlation = new double[lags + 1];
        var column = new double[rows];
        var counted = 0;
        for (var d = 0; d < dimensions; d++)
        {
            var scale = 0.0;
            for (var i = 0; i < rows; i++)
            {
                column[i] = values[(i * dimensions) + d];
                scale += column[i] * column[i];
            }

            // A dimension that is a line to rounding (a counter, a ramp) has only rounding noise left, whose pattern
            // would pass for a period once normalised.
            if (Detrend(column) is { } variance && variance > 1e-12 * scale)
            {
                AddAutocorrelation(column, variance, correlation);
                counted++;
            }
        }

        if (counted == 0)
        {
            return null;
        }

        // The dimensions' mean autocorrelation.
        for (var lag = 1; lag <= lags; lag++)
        {
            correlation[lag] /= counted;
        }

        var memory = 0.0;
        for (var lag = 1; lag < lags && correlation[lag] > 0; lag++)
        {
            memory += correlation[lag] * correlation[lag];
        }

        var band = Normal.InvCDF(0, 1, 1 - (0.025 / lags)) * Math.Sqrt((1 + (2 * memory)) / rows);
        int? best = null;
        var lowest = double.PositiveInfinity;
        for (var lag = 1; lag < lags; lag++)
        {
            var r = correlation[lag];
            var isPeak = lag >= 2 && r >= correlation[lag - 1] && r > correlation[lag + 1];
            if (isPeak && r > band && r - lowest > band && (best is null || r > correlation[best.Value]))
            {
                best = lag;
            }

            lowest = Math.Min(lowest, r);
        }

        return best;
    }

    /// <summary>Removes the least-squares line from <paramref name="values"/> in place and returns the residuals' sum of squares.</summary>
    private static double? Detrend(double[] values)
    {
        var n = values.Length;
        var meanX = (n - 1) / 2.0;
        var meanY = values.Average();
        double covariance = 0, varianceX = 0;
        for (var i = 0; i < n; i++)
        {
            covariance += (i - meanX) * (values[i] - meanY);
            varianceX += (i - meanX) * (i - meanX);
        }

        var slope = varianceX > 0 ? covariance / varianceX : 0;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            values[i] -= meanY + (slope * (i - meanX));
            sum += values[i] * values[i];
        }

        return double.IsFinite(sum) ? sum : null;
    }

    private static void AddAutocorrelation(double[] values, double sumOfSquares, double[] correlation)
    {
        for (var lag = 1; lag < correlation.Length; lag++)
        {
            var sum = 0.0;
            for (var i = lag; i < values.Length; i++)
            {
                sum += values[i] * values[i - lag];
            }

            correlation[lag] += sum / sumOfSquares;
        }
    }
}
