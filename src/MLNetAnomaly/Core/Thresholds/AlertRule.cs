using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Thresholds;

/// <summary>Which alert threshold a detector uses, with its parameters.</summary>
/// <param name="Threshold">The rule.</param>
/// <param name="Alpha">P-value rule: alert below this p-value (1 - confidence / 100).</param>
/// <param name="ContaminationRate">Contamination rule: the share of training points that would alert, in (0, 0.5].</param>
/// <param name="SpotRisk">SPOT rule: the probability that a normal point exceeds the threshold, in (0, 0.1].</param>
/// <param name="ScoreThreshold">Score rule, and SPOT's fallback: alert where the score reaches it.</param>
internal sealed record AlertSettings(AlertThreshold Threshold, double Alpha, double ContaminationRate, double SpotRisk, double ScoreThreshold);

/// <summary>
/// Sets the Alert slot of a detector's outputs from their scores, by one of the <see cref="AlertThreshold"/> rules,
/// calibrated on the scores the detector gave its training data. One rule per fitted detector; each scoring session
/// takes its own <see cref="SeriesState"/>, because SPOT learns while it scores.
/// </summary>
internal sealed class AlertRule
{
    /// <summary>SPOT's initial threshold, as a quantile of the training scores (its paper's choice).</summary>
    internal const double SpotInitialQuantile = 0.98;

    /// <summary>
    /// Fewest training scores from which SPOT fits a tail (its initial quantile is lowered so that at least 10 of
    /// them are peaks); with fewer, the SPOT rule falls back to the score rule.
    /// </summary>
    internal const int SpotMinimumScores = 50;

    private readonly double[] _trainingScores;
    private readonly double _contaminationThreshold;
    private readonly PeaksOverThreshold? _spot;

    /// <summary>Builds the rule from the training scores (higher is more anomalous).</summary>
    internal AlertRule(AlertSettings settings, IReadOnlyList<double> trainingScores)
    {
        Settings = settings;
        _trainingScores = trainingScores.Where(double.IsFinite).ToArray();
        if (settings.Threshold == AlertThreshold.Contamination)
        {
            var sorted = _trainingScores.Order().ToArray();
            _contaminationThreshold = sorted.Length == 0 ? double.PositiveInfinity
                : sorted[Math.Clamp((int)Math.Ceiling((1 - settings.ContaminationRate) * sorted.Length) - 1, 0, sorted.Length - 1)];
        }

        if (settings.Threshold == AlertThreshold.Spot && _trainingScores.Length >= SpotMinimumScores)
        {
            // Enough peaks above the initial threshold for a tail fit, even on short training series (a little more
            // than 10, so that rounding the quantile's position cannot leave 9); each series starts from a copy.
            var initial = Math.Min(SpotInitialQuantile, 1 - (10.5 / _trainingScores.Length));
            var risk = Math.Min(settings.SpotRisk, 0.5 * (1 - initial));
            try
            {
                // All-equal scores (a flat training stretch) have no tail to fit; a fit whose threshold is not finite
                // would never alert again. In both cases the score rule applies, as with too few scores.
                _spot = _trainingScores.Min() < _trainingScores.Max() ? new PeaksOverThreshold(_trainingScores, risk, initial) : null;
                _spot = _spot is not null && double.IsFinite(_spot.Threshold) ? _spot : null;
            }
            catch (ArgumentException)
            {
                // Scores too tied to fit a tail (for example a detector that fits its training data exactly).
                _spot = null;
            }
        }

        UsesSpot = _spot is not null;
    }

    /// <summary>
    /// False when SPOT was asked for but the training scores were too few or too tied to fit a tail, so the score
    /// rule applies.
    /// </summary>
    internal bool UsesSpot { get; }

    /// <summary>The rule and its parameters.</summary>
    internal AlertSettings Settings { get; }

    /// <summary>Starts judging one series.</summary>
    internal SeriesState Start() => new(this);

    /// <summary>The per-series state of an <see cref="AlertRule"/>.</summary>
    internal sealed class SeriesState
    {
        private readonly AlertRule _rule;
        private readonly PeaksOverThreshold? _spot;

        internal SeriesState(AlertRule rule)
        {
            _rule = rule;
            _spot = rule._spot?.Clone();
        }

        /// <summary>The SPOT threshold now, or the fixed score threshold of the contamination rule.</summary>
        internal double ScoreThreshold => _spot?.Threshold
            ?? (_rule.Settings.Threshold == AlertThreshold.Contamination ? _rule._contaminationThreshold : _rule.Settings.ScoreThreshold);

        /// <summary>
        /// Returns <paramref name="output"/> with its Alert slot set by the rule (warm-up and missing points never alert).
        /// SPOT learns from every score it sees, so a suppressed point must still pass through here.
        /// </summary>
        internal DetectorOutput Apply(DetectorOutput output)
        {
            if (!double.IsFinite(output.Score))
            {
                return output with { Alert = 0 };
            }

            var alert = _spot is not null ? _spot.Update(output.Score) : _rule.Settings.Threshold switch
            {
                AlertThreshold.Contamination => output.Score > _rule._contaminationThreshold,
                AlertThreshold.PValue => output.PValue < _rule.Settings.Alpha,
                _ => output.Score >= _rule.Settings.ScoreThreshold,
            };
            return output with { Alert = alert ? 1 : 0 };
        }

        /// <summary>Writes the SPOT state (the other rules keep none).</summary>
        internal void SaveState(BinaryWriter writer)
        {
            writer.Write(_spot is not null);
            _spot?.SaveState(writer);
        }

        /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
        internal void RestoreState(BinaryReader reader)
        {
            if (reader.ReadBoolean() != _spot is not null)
            {
                throw new InvalidDataException("The checkpoint was written with another alert rule than this detector's.");
            }

            _spot?.RestoreState(reader);
        }
    }
}
