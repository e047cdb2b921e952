using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Core.Thresholds;

namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>
/// A fitted post-processing chain: raw scores (higher: more anomalous) in, [Alert, Score, P-Value] out, the same for
/// every detector. Stages, in order: the calibrator (raw score to p-value), the range rule (a value outside the
/// range seen so far gets p = 1e-10), the score scale (Score = −log10 p / 10, <see cref="ChainScore"/>), the alert
/// rule (SPOT, contamination, p-value or score) and the refractory period (no alert for a number of rows after one).
/// Fitted from the raw scores and values of the training data; what it keeps (settings, training scores, training
/// range) is all that is saved, and the rest is rebuilt from it deterministically.
/// </summary>
internal sealed class ScoreChain
{
    private readonly Func<CalibratorState> _calibrator;

    /// <summary>Fits the chain.</summary>
    /// <param name="settings">The stages and their parameters.</param>
    /// <param name="trainingScores">Raw scores of the training rows, in order (non-finite ones are left out); at least one finite.</param>
    /// <param name="rangeMin">Smallest finite training value of each dimension (+∞ where none).</param>
    /// <param name="rangeMax">Largest finite training value of each dimension (−∞ where none).</param>
    internal ScoreChain(ChainSettings settings, IReadOnlyList<double> trainingScores, double[] rangeMin, double[] rangeMax)
    {
        Settings = settings;
        TrainingScores = trainingScores.Where(double.IsFinite).ToArray();
        if (TrainingScores.Length == 0)
        {
            throw new ArgumentException("The detector gave no finite score on its training data, so its scores cannot be calibrated; fit it on a longer series with fewer missing values.", nameof(trainingScores));
        }

        RangeMin = rangeMin;
        RangeMax = rangeMax;
        _calibrator = Calibrators.Fit(settings, TrainingScores);
        Alerts = new AlertRule(new AlertSettings(settings.Threshold, settings.Alpha, settings.ContaminationRate, settings.SpotRisk, settings.ScoreThreshold), TrainingChainScores());
    }

    /// <summary>The settings.</summary>
    internal ChainSettings Settings { get; }

    /// <summary>The finite raw training scores, in order.</summary>
    internal double[] TrainingScores { get; }

    /// <summary>The training range's lower bounds, per dimension.</summary>
    internal double[] RangeMin { get; }

    /// <summary>The training range's upper bounds, per dimension.</summary>
    internal double[] RangeMax { get; }

    /// <summary>The alert rule, fitted on the chain's scores of the training rows.</summary>
    internal AlertRule Alerts { get; }

    /// <summary>The range of <paramref name="values"/> (row-major, <paramref name="dimensions"/> per row), per dimension.</summary>
    internal static (double[] Min, double[] Max) RangeOf(ReadOnlySpan<float> values, int dimensions)
    {
        var min = Enumerable.Repeat(double.PositiveInfinity, dimensions).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, dimensions).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i]))
            {
                min[i % dimensions] = Math.Min(min[i % dimensions], values[i]);
                max[i % dimensions] = Math.Max(max[i % dimensions], values[i]);
            }
        }

        return (min, max);
    }

    /// <summary>Starts one series.</summary>
    internal Session Start() => new(this);

    /// <summary>The chain's scores of the training rows, as a session starting from the fitted state gives them (what the alert rule is fitted on).</summary>
    private double[] TrainingChainScores()
    {
        var calibrator = _calibrator();
        return TrainingScores.Select(raw => ChainScore.FromPValue(calibrator.PValue(raw))).ToArray();
    }

    /// <summary>The chain's per-series state.</summary>
    internal sealed class Session
    {
        private readonly ScoreChain _chain;
        private readonly CalibratorState _calibrator;
        private readonly RangeRule? _range;
        private readonly AlertRule.SeriesState _alerts;
        private int _refractory;

        internal Session(ScoreChain chain)
        {
            _chain = chain;
            _calibrator = chain._calibrator();
            _range = chain.Settings.RangeRule ? new RangeRule(chain.RangeMin, chain.RangeMax, chain.Settings.RangeTolerance) : null;
            _alerts = chain.Alerts.Start();
        }

        /// <summary>A row that is not scored (warm-up): only the range learns from it.</summary>
        internal void Observe(ReadOnlySpan<float> row) => _range?.Observe(row);

        /// <summary>The output of a row with a finite raw score.</summary>
        internal DetectorOutput Apply(double raw, ReadOnlySpan<float> row)
        {
            var pValue = _calibrator.PValue(raw);
            if (_range is not null && _range.Observe(row))
            {
                pValue = Math.Min(pValue, ChainScore.RangePValue);
            }

            var output = _alerts.Apply(new DetectorOutput(0, ChainScore.FromPValue(pValue), pValue));
            if (_refractory > 0)
            {
                _refractory--;
                return output with { Alert = 0 };
            }

            if (output.Alert > 0)
            {
                _refractory = _chain.Settings.RefractoryPeriod;
            }

            return output;
        }

        /// <summary>Writes the calibrator, range, alert rule and refractory state.</summary>
        internal void SaveState(BinaryWriter writer)
        {
            _calibrator.SaveState(writer);
            writer.Write(_range is not null);
            _range?.SaveState(writer);
            _alerts.SaveState(writer);
            writer.Write(_refractory);
        }

        /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
        internal void RestoreState(BinaryReader reader)
        {
            _calibrator.RestoreState(reader);
            if (reader.ReadBoolean() != _range is not null)
            {
                throw new InvalidDataException("The checkpoint was written with another range rule setting than this detector's.");
            }

            _range?.RestoreState(reader);
            _alerts.RestoreState(reader);
            _refractory = SessionState.ReadCount(reader, _chain.Settings.RefractoryPeriod);
        }
    }
}
