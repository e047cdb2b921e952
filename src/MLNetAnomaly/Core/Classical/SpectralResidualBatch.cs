using System.Numerics;
using MathNet.Numerics.Distributions;

namespace MLNetAnomaly.Core.Classical;

/// <summary>Settings of <see cref="SpectralResidualBatch"/>.</summary>
/// <param name="Threshold">Anomaly where the score (divided by 10 and clamped to [0, 1]) exceeds it.</param>
/// <param name="BatchSize">Points per batch (−1: the whole series); a last batch of fewer than 12 points is judged with the end of the one before.</param>
/// <param name="Sensitivity">Margins: 0 (widest) to 100 (none), ML.NET's factor curve; or, with <paramref name="QuantileMargins"/>, the percent of normal points they hold.</param>
/// <param name="Mode">What to compute.</param>
/// <param name="Period">Season length in points, or 0 for none.</param>
/// <param name="Deseasonality">How a season is removed when <paramref name="Period"/> is set.</param>
/// <param name="QuantileMargins">Margins from the spread of the normal points' errors and the normal quantile of the sensitivity, instead of ML.NET's.</param>
internal sealed record SpectralResidualBatchSettings(double Threshold, int BatchSize, double Sensitivity, SpectralResidualBatchMode Mode, int Period,
    SpectralResidualDeseasonality Deseasonality = SpectralResidualDeseasonality.Median, bool QuantileMargins = false);

/// <summary>
/// Spectral residual over a whole series, batch by batch, as ML.NET's <c>DetectEntireAnomalyBySrCnn</c> computes it
/// (Ren et al., "Time-Series Anomaly Detection Service at Microsoft", KDD 2019), in double precision:
/// <list type="number">
/// <item>each batch (its season removed when a period is set) is extended by five copies of a value extrapolated from
/// the six points before its last, and gets one saliency map (log spectrum minus its 3-bin average, back through the
/// inverse transform);</item>
/// <item>a point's score is |S − S̄| / S̄ / 10, clamped to [0, 1], with S̄ the mean of the 40 saliency values ending at
/// it (rows 0–11 all take row 10's mean); an anomaly where it exceeds the threshold, unless the point lies within
/// 1.5 standard deviations of the batch mean (then its score is 0 too);</item>
/// <item>expected values: the batch with each point scoring above 0.35 replaced by a least-squares line through its
/// nearest normal neighbours, low-passed (the bins between 3/8 and 5/8 of the spectrum removed), and set to 0 where
/// it crosses the sign the whole batch keeps; with a period, the value less its deseasonalised remainder;</item>
/// <item>margins (<see cref="SpectralResidualMargins"/>): expected ± unit × factor(sensitivity); an anomaly stays one
/// only outside them, and its score becomes its position on the factor curve.</item>
/// </list>
/// </summary>
internal static class SpectralResidualBatch
{
    /// <summary>Fewest points of a batch.</summary>
    internal const int MinimumPoints = 12;

    private const int ExtensionLength = 5;
    private const int Lookahead = 5;
    private const int AveragingWindow = 3;
    private const int JudgementWindow = 40;
    private const double ZScoreThreshold = 1.5;
    private const double LineFitScore = 0.35;

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

    /// <summary>
    /// Scores <paramref name="series"/> (finite values, at least 12), row-major results of <see cref="Width"/> values
    /// per point. Batches are consecutive runs of BatchSize points; a last run of fewer than 12 points is judged
    /// together with the end of the batch before it (a window as long as that batch), as ML.NET does. Each row gets its
    /// own result: ML.NET serves a last batch shorter than BatchSize rotated (row p gets the result of position
    /// p mod its length), which misaligns its rows; that is not copied.
    /// </summary>
    internal static double[] Detect(ReadOnlySpan<double> series, SpectralResidualBatchSettings settings)
    {
        var width = Width(settings.Mode);
        var results = new double[series.Length * width];
        var size = settings.BatchSize < 0 ? series.Length : settings.BatchSize;
        var previous = 0;

        // Batches share their length, so each transform length is planned once for the whole series.
        var plans = new Dictionary<int, FourierPlan>();
        FourierPlan Plan(int length)
        {
            if (!plans.TryGetValue(length, out var plan))
            {
                plan = new FourierPlan(length);
                plans[length] = plan;
            }

            return plan;
        }

        for (var start = 0; start < series.Length; start += size)
        {
            var length = Math.Min(size, series.Length - start);
            if (length >= MinimumPoints)
            {
                DetectBatch(series.Slice(start, length), settings, Plan).CopyTo(results.AsSpan(start * width));
            }
            else
            {
                // Only a last, short run gets here (the whole series has at least 12 points): judge it at the end of
                // a window as long as the batch before, and keep the short run's rows.
                var window = DetectBatch(series.Slice(start + length - previous, previous), settings, Plan);
                window.AsSpan((previous - length) * width).CopyTo(results.AsSpan(start * width));
            }

            previous = length;
        }

        return results;
    }

    /// <summary>One batch: row-major results of <see cref="Width"/> values per point.</summary>
    private static double[] DetectBatch(ReadOnlySpan<double> batch, SpectralResidualBatchSettings settings, Func<int, FourierPlan> plan)
    {
        var n = batch.Length;
        var width = Width(settings.Mode);
        var values = batch.ToArray();
        var (mean, deviation) = MeanAndDeviation(values);
        var detected = settings.Period > 0 ? Deseasonalise(values, settings.Period, settings.Deseasonality) : values;

        var results = new double[n * width];
        var anomalies = new bool[n];
        var scores = new double[n];
        var saliency = Saliency(detected, plan(detected.Length + ExtensionLength));
        var averages = Average(saliency, Math.Min(saliency.Length, JudgementWindow));
        var settled = Math.Min(saliency.Length, 11) - 1;
        for (var i = 0; i <= Math.Min(saliency.Length, 11); i++)
        {
            averages[i] = averages[settled];
        }

        for (var i = 0; i < n; i++)
        {
            var divisor = Math.Abs(averages[i]) < 1e-8 ? 1e-8 : averages[i];
            var score = Math.Clamp(Math.Abs(saliency[i] - averages[i]) / divisor / 10, 0, 1);
            var anomaly = score > settings.Threshold;

            // A point within 1.5 standard deviations of the batch's mean is not an anomaly, whatever its saliency.
            if (anomaly && (deviation < 1e-8 || Math.Abs(detected[i] - mean) / deviation < ZScoreThreshold))
            {
                anomaly = false;
                score = 0;
            }

            anomalies[i] = anomaly;
            scores[i] = score;
            results[i * width] = anomaly ? 1 : 0;
            results[(i * width) + 1] = score;
            results[(i * width) + 2] = saliency[i];
        }

        if (settings.Mode == SpectralResidualBatchMode.AnomalyOnly)
        {
            return results;
        }

        var (low, high) = (values.Min(), values.Max());
        var expected = settings.Period > 0
            ? values.Select((v, i) => v - detected[i]).ToArray()
            : LowPass(WithLinesThroughAnomalies(values, scores), plan(n));
        for (var i = 0; i < n; i++)
        {
            results[(i * width) + 3] = WithinSign(expected[i], low, high);
        }

        if (settings.Mode == SpectralResidualBatchMode.AnomalyAndMargin)
        {
            if (settings.QuantileMargins)
            {
                QuantileMargins(values, expected, anomalies, settings.Sensitivity, results);
            }
            else
            {
                Margins(values, expected, anomalies, settings, results);
            }
        }

        return results;
    }

    /// <summary>ML.NET's margins: expected ± unit × factor(sensitivity), the anomalies outside them, the score on the factor curve.</summary>
    private static void Margins(double[] values, double[] expected, bool[] anomalies, SpectralResidualBatchSettings settings, double[] results)
    {
        const int width = 7;
        var units = SpectralResidualMargins.Units(values, anomalies);
        var n = values.Length;
        if (settings.Period > 0)
        {
            for (var i = 0; i < n; i++)
            {
                var margin = SpectralResidualMargins.Margin(units[i], settings.Sensitivity);
                var at = results[(i * width) + 3];
                results[(i * width) + 4] = units[i];
                results[(i * width) + 5] = at + margin;
                results[(i * width) + 6] = at - margin;
                results[i * width] = anomalies[i] && (values[i] < at - margin || at + margin < values[i]) ? 1 : 0;
            }

            JoinAnomaliesWithinOneExcursion(values, results);
            for (var i = 0; i < n; i++)
            {
                var anomaly = results[i * width] > 0;
                results[(i * width) + 1] = SpectralResidualMargins.Score(values[i], expected[i], units[i], anomaly);
                if (!anomaly)
                {
                    var margin = results[(i * width) + 5] - results[(i * width) + 3];
                    var pulled = PullTowards(values[i], results[(i * width) + 3], units[i]);
                    results[(i * width) + 3] = pulled;
                    results[(i * width) + 5] = pulled + margin;
                    results[(i * width) + 6] = pulled - margin;
                }
            }

            return;
        }

        for (var i = 0; i < n; i++)
        {
            var margin = SpectralResidualMargins.Margin(units[i], settings.Sensitivity);
            results[(i * width) + 4] = units[i];
            results[(i * width) + 5] = expected[i] + margin;
            results[(i * width) + 6] = expected[i] - margin;
            results[(i * width) + 1] = SpectralResidualMargins.Score(values[i], expected[i], units[i], anomalies[i]);
            var anomaly = anomalies[i] && (values[i] < expected[i] - margin || values[i] > expected[i] + margin);
            results[i * width] = anomaly ? 1 : 0;
            if (!anomaly)
            {
                var pulled = PullTowards(values[i], results[(i * width) + 3], units[i]);
                results[(i * width) + 3] = pulled;
                results[(i * width) + 5] = pulled + margin;
                results[(i * width) + 6] = pulled - margin;
            }
        }
    }

    /// <summary>
    /// With a period, ML.NET also flags every point between two anomalies that lie in one run of consecutive points
    /// outside the margins.
    /// </summary>
    private static void JoinAnomaliesWithinOneExcursion(double[] values, double[] results)
    {
        const int width = 7;
        var runs = new List<(int Start, int End)>();
        int start = -1, end = -1;
        for (var i = 0; i < values.Length; i++)
        {
            if (results[(i * width) + 6] > values[i] || values[i] > results[(i * width) + 5])
            {
                if (end + 1 == i)
                {
                    end = i;
                }
                else
                {
                    if (start > -1)
                    {
                        runs.Add((start, end));
                    }

                    (start, end) = (i, i);
                }
            }
        }

        if (start > -1)
        {
            runs.Add((start, Math.Max(start, end)));
        }

        var flagged = Enumerable.Range(0, values.Length).Where(i => results[i * width] > 0).ToList();
        var run = 0;
        for (var k = 0; k < flagged.Count - 1; k++)
        {
            while (run < runs.Count && flagged[k] >= runs[run].End)
            {
                run++;
            }

            if (run < runs.Count && runs[run].Start <= flagged[k] && flagged[k + 1] <= runs[run].End)
            {
                for (var j = flagged[k]; j < flagged[k + 1]; j++)
                {
                    results[j * width] = 1;
                }
            }
        }
    }

    /// <summary>
    /// Margins that hold a share of the normal points: expected ± z · unit, with z the normal quantile holding
    /// Sensitivity percent in the middle and unit the normal points' robust spread of value − expected (1.4826 × the
    /// median absolute error). A higher sensitivity widens them. Anomalies stay ones only outside them; scores and
    /// expected values are left as SR gave them.
    /// </summary>
    private static void QuantileMargins(double[] values, double[] expected, bool[] anomalies, double sensitivity, double[] results)
    {
        const int width = 7;
        var errors = new List<double>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (!anomalies[i])
            {
                errors.Add(Math.Abs(values[i] - expected[i]));
            }
        }

        errors.Sort();
        var unit = errors.Count == 0 ? 0 : 1.4826 * errors[errors.Count / 2];
        unit = Math.Max(unit, 1e-9 * Math.Max(1, expected.Max(Math.Abs)));
        var z = sensitivity >= 100 ? double.MaxValue / 4 : Normal.InvCDF(0, 1, 0.5 + (sensitivity / 200));
        for (var i = 0; i < values.Length; i++)
        {
            var margin = z * unit;
            results[(i * width) + 4] = unit;
            results[(i * width) + 5] = expected[i] + margin;
            results[(i * width) + 6] = expected[i] - margin;
            results[i * width] = anomalies[i] && Math.Abs(values[i] - expected[i]) > margin ? 1 : 0;
        }
    }

    /// <summary>The saliency map of <paramref name="series"/> extended by five extrapolated points (length n + 5).</summary>
    private static double[] Saliency(double[] series, FourierPlan fourier)
    {
        var n = series.Length;
        var spectrum = new Complex[n + ExtensionLength];
        for (var i = 0; i < n; i++)
        {
            spectrum[i] = new Complex(series[i], 0);
        }

        // The extension: the second of the six points before the last, plus the mean slopes from each of the first
        // five of them to the sixth, repeated five times.
        var slopes = 0.0;
        var first = n - Lookahead - 2;
        for (var i = 0; i < Lookahead; i++)
        {
            slopes += (series[first + Lookahead] - series[first + i]) / (Lookahead - i);
        }

        for (var i = 0; i < ExtensionLength; i++)
        {
            spectrum[n + i] = new Complex(series[first + 1] + slopes, 0);
        }

        var length = spectrum.Length;
        fourier.Forward(spectrum);
        var magnitudes = new double[length];
        var logs = new double[length];
        for (var i = 0; i < length; i++)
        {
            magnitudes[i] = Math.Sqrt((spectrum[i].Real * spectrum[i].Real) + (spectrum[i].Imaginary * spectrum[i].Imaginary));
            logs[i] = magnitudes[i] > 1e-8 ? Math.Log(magnitudes[i]) : 0;
        }

        var smoothed = Average(logs, AveragingWindow);
        for (var i = 0; i < length; i++)
        {
            var residual = Math.Exp(logs[i] - smoothed[i]);
            spectrum[i] = logs[i] != 0
                ? new Complex(spectrum[i].Real * residual / magnitudes[i], spectrum[i].Imaginary * residual / magnitudes[i])
                : Complex.Zero;
        }

        fourier.Inverse(spectrum);
        var saliency = new double[length];
        for (var i = 0; i < length; i++)
        {
            saliency[i] = Math.Sqrt((spectrum[i].Real * spectrum[i].Real) + (spectrum[i].Imaginary * spectrum[i].Imaginary));
        }

        return saliency;
    }

    /// <summary>
    /// ML.NET's moving average of width <paramref name="window"/> from running sums: the mean of the window ending at
    /// each point, of the prefix before a full window; entry 0 is the value itself.
    /// </summary>
    private static double[] Average(double[] values, int window)
    {
        var sums = new double[values.Length];
        var total = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            total += values[i];
            sums[i] = total;
        }

        var averages = (double[])sums.Clone();
        for (var i = window; i < values.Length; i++)
        {
            averages[i] = (sums[i] - sums[i - window]) / window;
        }

        for (var i = 1; i < window && i < values.Length; i++)
        {
            averages[i] /= i + 1;
        }

        return averages;
    }

    /// <summary>The batch mean and population standard deviation (two passes).</summary>
    private static (double Mean, double Deviation) MeanAndDeviation(double[] values)
    {
        var mean = values.Sum() / values.Length;
        var squares = 0.0;
        foreach (var value in values)
        {
            squares += (value - mean) * (value - mean);
        }

        return (mean, Math.Sqrt(squares / values.Length));
    }

    /// <summary>The values less the mean or median of their phase of <paramref name="period"/>.</summary>
    private static double[] Deseasonalise(double[] values, int period, SpectralResidualDeseasonality mode)
    {
        var season = new double[period];
        for (var phase = 0; phase < period; phase++)
        {
            var members = new List<double>();
            for (var i = phase; i < values.Length; i += period)
            {
                members.Add(values[i]);
            }

            if (members.Count == 0)
            {
                continue; // a period longer than the batch: this phase has no point to remove it from
            }

            if (mode == SpectralResidualDeseasonality.Mean)
            {
                season[phase] = members.Sum() / members.Count;
            }
            else
            {
                members.Sort();
                season[phase] = members[members.Count / 2];
            }
        }

        return values.Select((v, i) => v - season[i % period]).ToArray();
    }

    /// <summary>
    /// The values with each point scoring above 0.35 replaced by the least-squares line through the normal points
    /// within ±1 of it, widened to ±3, ±5, … until at least four are found (kept as it is with fewer than two).
    /// </summary>
    private static double[] WithLinesThroughAnomalies(double[] values, double[] scores)
    {
        var n = values.Length;
        var replaced = new HashSet<int>(Enumerable.Range(0, n).Where(i => scores[i] > LineFitScore));
        var result = (double[])values.Clone();
        var points = new List<int>();
        foreach (var index in replaced.Order())
        {
            var step = 1;
            Collect(step);
            while (points.Count < 4 && (index - step > 0 || index + step < n - 1))
            {
                step += 2;
                Collect(step);
            }

            if (points.Count > 1)
            {
                result[index] = LineAt(points, index);
            }

            void Collect(int reach)
            {
                points.Clear();
                for (var i = Math.Max(index - reach, 0); i <= Math.Min(n - 1, index + reach); i++)
                {
                    if (!replaced.Contains(i))
                    {
                        points.Add(i);
                    }
                }
            }
        }

        return result;

        // In 64-bit integers where ML.NET sums the squared row indices in checked 32-bit arithmetic (which throws
        // beyond about row 18,900); the fitted line is the same wherever ML.NET's does not throw.
        double LineAt(List<int> at, int index)
        {
            long count = at.Count, sumX = 0, sumXX = 0;
            double sumY = 0, sumXY = 0;
            foreach (var i in at)
            {
                sumX += i;
                sumXX += (long)i * i;
                sumY += values[i];
                sumXY += i * values[i];
            }

            double denominator = (count * sumXX) - (sumX * sumX);
            var slope = ((count * sumXY) - (sumX * sumY)) / denominator;
            var intercept = ((sumXX * sumY) - (sumX * sumXY)) / denominator;
            return (slope * index) + intercept;
        }
    }

    /// <summary>The real part of the inverse transform of the spectrum with the bins between 3/8 and 5/8 of it removed.</summary>
    private static double[] LowPass(double[] values, FourierPlan fourier)
    {
        var n = values.Length;
        var spectrum = values.Select(v => new Complex(v, 0)).ToArray();
        fourier.Forward(spectrum);
        for (var i = 0; i < n; i++)
        {
            if (i > (double)n * 3 / 8 && i < (double)n * 5 / 8)
            {
                spectrum[i] = Complex.Zero;
            }
        }

        fourier.Inverse(spectrum);
        return spectrum.Select(c => c.Real).ToArray();
    }

    /// <summary>0 where an expected value crosses the sign the whole batch keeps (all ≥ 0 or all ≤ 0).</summary>
    private static double WithinSign(double expected, double low, double high)
        => (low >= 0 && expected < 0) || (high <= 0 && expected > 0) ? 0 : expected;

    /// <summary>A normal point's expected value, brought within unit × factor(93) of the value.</summary>
    private static double PullTowards(double value, double expected, double unit)
    {
        var bound = SpectralResidualMargins.Margin(unit, SpectralResidualMargins.BoundSensitivity);
        return Math.Max(Math.Min(expected, value + bound), value - bound);
    }
}
