using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// ML.NET's spike rule over a stream of raw scores, shared by its IID and SSA spike detectors: each score's kernel
/// p-value against the last <see cref="HistoryLength"/> scores before it (<see cref="KernelPValue"/>); an alert where
/// that p-value is at most 1 − confidence / 100, once the history (with this score) is full. With raw scores (for a
/// post-processing chain) the output is instead [0, −log10 p, p] with p computed for ranking
/// (<see cref="KernelPValue.AccuratePValue"/>): higher for rarer scores.
/// </summary>
internal sealed class SpikeRule : IScoreRule
{
    internal SpikeRule(double confidence, int historyLength, SpikeSide side, bool rawScores)
    {
        Confidence = confidence;
        HistoryLength = historyLength;
        Side = side;
        RawScores = rawScores;
        Alpha = 1 - (confidence / 100);
    }

    /// <summary>Confidence in percent.</summary>
    internal double Confidence { get; }

    /// <summary>Scores each p-value is computed against.</summary>
    internal int HistoryLength { get; }

    /// <summary>Which deviations alert.</summary>
    internal SpikeSide Side { get; }

    /// <summary>True when the Score slot is −log10 p (for a post-processing chain).</summary>
    internal bool RawScores { get; }

    /// <summary>The p-value at or below which a full history alerts.</summary>
    internal double Alpha { get; }

    /// <inheritdoc />
    public IScoreTracker CreateTracker() => new Tracker(this);

    /// <summary>The output a post-processing chain reads: −log10 p as the score, higher for rarer values.</summary>
    internal static DetectorOutput RankingOutput(double p) => new(0, -Math.Log10(Math.Max(p, 1e-300)), p);

    /// <summary>The rule's state along one series: the history of scores.</summary>
    internal sealed class Tracker : IScoreTracker
    {
        private readonly SpikeRule _rule;
        private readonly KernelPValue _history;

        internal Tracker(SpikeRule rule)
        {
            _rule = rule;
            _history = new KernelPValue(rule.HistoryLength);
        }

        /// <summary>
        /// Judges <paramref name="score"/> (in single precision, as ML.NET keeps it) and adds it to the history;
        /// <paramref name="scoreSlot"/> is what the Raw Score slot reports.
        /// </summary>
        public DetectorOutput Next(float score, double scoreSlot)
        {
            if (_rule.RawScores)
            {
                var accurate = _history.AccuratePValue(score, _rule.Side);
                _history.Add(score);
                return RankingOutput(accurate);
            }

            var p = _history.PValue(score, _rule.Side);
            _history.Add(score);
            return new DetectorOutput(_history.IsFull && p <= _rule.Alpha ? 1 : 0, scoreSlot, p);
        }

        /// <summary>Writes the history.</summary>
        public void SaveState(BinaryWriter writer) => _history.SaveState(writer);

        /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
        public void RestoreState(BinaryReader reader) => _history.RestoreState(reader);
    }
}
