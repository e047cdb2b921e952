using MathNet.Numerics.Distributions;

namespace MLNetAnomaly.Core.Classical;

/// <summary>Settings of <see cref="SpectralResidualBatch"/>.</summary>
/// <param name="Threshold">Anomaly where the score exceeds it.</param>
/// <param name="BatchSize">Points per batch (−1: the whole series); a last batch shorter than half of it joins the one before.</param>
/// <param name="Sensitivity">Margins: the central share (percent) of normal points they are meant to hold.</param>
/// <param name="Mode">What to compute.</param>
/// <param name="Period">Season length in points, or 0 for none.</param>
internal sealed record SpectralResidualBatchSettings(double Threshold, int BatchSize, double Sensitivity, SpectralResidualBatchMode Mode, int Period);

/// <summary>
/// Spectral residual over a whole series, batch by batch (the behaviour of ML.NET's
/// <c>DetectEntireAnomalyBySrCnn</c>, written from Ren et al., KDD 2019). Each batch, optionally with its seasonal
/// component removed (the median of each phase of <c>Period</c>), gets one saliency map; a point's score is
/// (S − S̄) / S̄ with S̄ the mean of the 21 saliency values ending at it, and it is an anomaly above the threshold.
/// The expected value is the seasonal component plus a centred local quadratic fit (7 points) of the rest, with
/// the anomalies left out; the boundary unit is the batch's robust spread of value − expected (1.4826 × median absolute
/// deviation over the normal points), and the margins are expected ± z · unit with z the standard normal quantile
/// that holds Sensitivity percent of normal points in the middle.
/// </summary>
internal static class SpectralResidualBatch
{
    private const int ExtensionLength = 5;
    private const int Lookahead = 5;
    private const int AveragingWindow = 3;
    private const int JudgementWindow = 21;
    private const int FitWindow = 7;

    /// <summary>Values per point of each mode.</summary>
    internal static int Width(SpectralResidualBatchMode mode) => mode switch
    {
        SpectralResidualBatchMode.AnomalyOnly => 3,
        SpectralResidualBatchMode.AnomalyAndExpectedValue => 4,
        _ => 7,
    };

    /// <summary>The slot names of each mode.</summary>
    internal static string[] SlotNames(SpectralResidualBatchMode mode)
        => new[] { "IsAnomaly", "AnomalyScore", "Mag", "ExpectedValue", "BoundaryUnit", "UpperBoundary", "LowerBoundary" }[..Width(mode)];

    /// <summary>Scores <paramref name="series"/> (finite values; at least 12 points), row-major results of <see cref="Width"/> values per point.</summary>
    internal static double[] Detect(ReadOnlySpan<float> series, SpectralResidualBatchSettings settings)
    {
        var width = Width(settings.Mode);
        var results = new double[series.Length * width];
        var size = settings.BatchSize < 0 ? series.Length : settings.BatchSize;
        for (var start = 0; start < series.Length;)
        {
            var length = Math.Min(size, series.Length - start);
            if (series.Length - (start + length) < size / 2)
            {
                length = series.Length - start;
            }

            DetectBatch(series.Slice(start, length), settings, results.AsSpan(start * width, length * width), width);
            start += length;
        }

        return results;
    }

    private static void DetectBatch(ReadOnlySpan<float> batch, SpectralResidualBatchSettings settings, Span<double> results, int width)
    {
        var n = batch.Length;
        var season = Seasonal(batch, settings.Period);
        var rest = new double[n];
        for (var i = 0; i < n; i++)
        {
            rest[i] = batch[i] - season[i];
        }

        var extended = new double[n + ExtensionLength];
        rest.CopyTo(extended, 0);
        SaliencyMap.Extend(rest, Math.Min(Lookahead, n - 2), extended.AsSpan(n));
        var saliency = new double[extended.Length];
        new SaliencyMap(extended.Length, AveragingWindow).Compute(extended, saliency);

        var anomalies = new bool[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += saliency[i];
            if (i >= JudgementWindow)
            {
                sum -= saliency[i - JudgementWindow];
            }

            var mean = sum / Math.Min(i + 1, JudgementWindow);
            var score = mean > 1e-12 ? (saliency[i] - mean) / mean : 0;
            anomalies[i] = score > settings.Threshold;
            results[i * width] = anomalies[i] ? 1 : 0;
            results[(i * width) + 1] = score;
            results[(i * width) + 2] = saliency[i];
        }

        if (settings.Mode == SpectralResidualBatchMode.AnomalyOnly)
        {
            return;
        }

        var expected = LocalQuadratic(rest, anomalies);
        for (var i = 0; i < n; i++)
        {
            expected[i] += season[i];
            results[(i * width) + 3] = expected[i];
        }

        if (settings.Mode != SpectralResidualBatchMode.AnomalyAndMargin)
        {
            return;
        }

        var deviations = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            if (!anomalies[i])
            {
                deviations.Add(Math.Abs(batch[i] - expected[i]));
            }
        }

        deviations.Sort();
        var unit = deviations.Count == 0 ? 0 : 1.4826 * deviations[deviations.Count / 2];
        unit = Math.Max(unit, 1e-9 * Math.Max(1, expected.Select(Math.Abs).Max()));
        var z = Normal.InvCDF(0, 1, 0.5 + (settings.Sensitivity / 200));
        for (var i = 0; i < n; i++)
        {
            results[(i * width) + 4] = unit;
            results[(i * width) + 5] = expected[i] + (z * unit);
            results[(i * width) + 6] = expected[i] - (z * unit);
        }
    }

    /// <summary>The median of each phase of the period (zeros when there is no period).</summary>
    private static double[] Seasonal(ReadOnlySpan<float> batch, int period)
    {
        var season = new double[batch.Length];
        if (period < 2 || period > batch.Length / 2)
        {
            return season;
        }

        for (var phase = 0; phase < period; phase++)
        {
            var values = new List<double>();
            for (var i = phase; i < batch.Length; i += period)
            {
                values.Add(batch[i]);
            }

            values.Sort();
            var median = values[values.Count / 2];
            for (var i = phase; i < batch.Length; i += period)
            {
                season[i] = median;
            }
        }

        return season;
    }

    /// <summary>
    /// A centred local quadratic fit (7 points, least squares, the flagged points left out): its value at the centre.
    /// Unlike a moving average or median it follows peaks and troughs without flattening them. With fewer than three
    /// usable points it keeps the point's own value.
    /// </summary>
    private static double[] LocalQuadratic(double[] values, bool[] skip)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            // Normal equations of y = a + b t + c t² over t = j − i.
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, y0 = 0, y1 = 0, y2 = 0;
            for (var j = Math.Max(0, i - (FitWindow / 2)); j <= Math.Min(values.Length - 1, i + (FitWindow / 2)); j++)
            {
                if (skip[j])
                {
                    continue;
                }

                double t = j - i, t2 = t * t;
                s0 += 1;
                s1 += t;
                s2 += t2;
                s3 += t2 * t;
                s4 += t2 * t2;
                y0 += values[j];
                y1 += values[j] * t;
                y2 += values[j] * t2;
            }

            var determinant = (s0 * ((s2 * s4) - (s3 * s3))) - (s1 * ((s1 * s4) - (s3 * s2))) + (s2 * ((s1 * s3) - (s2 * s2)));
            result[i] = s0 < 3 || Math.Abs(determinant) < 1e-12
                ? values[i]
                : ((y0 * ((s2 * s4) - (s3 * s3))) - (s1 * ((y1 * s4) - (s3 * y2))) + (s2 * ((y1 * s3) - (s2 * y2)))) / determinant;
        }

        return result;
    }
}
