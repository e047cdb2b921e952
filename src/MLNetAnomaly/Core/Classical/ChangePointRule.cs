using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// ML.NET's change point rule over a stream of raw scores, shared by its IID and SSA change point detectors (Vovk et
/// al., "Testing exchangeability on-line", ICML 2003): each score's two-sided kernel p-value against the last
/// <see cref="HistoryLength"/> scores (<see cref="KernelPValue"/>) feeds a martingale, the product of the bets on the
/// last <see cref="HistoryLength"/> p-values (the first point's bet counted for all of them); a martingale at or above
/// <see cref="Threshold"/> signals a change once the history is full, and no other alert follows within
/// <see cref="HistoryLength"/> − 1 rows. Output [Alert, Raw Score, P-Value, Martingale]. With raw scores (for a
/// post-processing chain), the output is [0, log of the martingale, p]. The martingale's log is recomputed from its
/// bets at every point, where ML.NET keeps a running sum (which a NaN p-value turns into NaN for good).
/// </summary>
internal sealed class ChangePointRule : IScoreRule
{
    internal ChangePointRule(double confidence, int historyLength, ChangePointMartingale martingale, double epsilon, bool rawScores)
    {
        Confidence = confidence;
        HistoryLength = historyLength;
        Martingale = martingale;
        Epsilon = epsilon;
        RawScores = rawScores;

        // ML.NET's threshold: the martingale that the confidence's p-value, bet on for a whole history, would reach.
        Threshold = Math.Exp(historyLength * LogBet(1 - (confidence / 100)));
    }

    /// <summary>Confidence in percent.</summary>
    internal double Confidence { get; }

    /// <summary>Scores each p-value is computed against, and bets the martingale multiplies.</summary>
    internal int HistoryLength { get; }

    /// <summary>The betting function.</summary>
    internal ChangePointMartingale Martingale { get; }

    /// <summary>ε of the power martingale's bet ε p^(ε − 1).</summary>
    internal double Epsilon { get; }

    /// <summary>True when the Score slot is the martingale's log (for a post-processing chain).</summary>
    internal bool RawScores { get; }

    /// <summary>The martingale at or above which a change alerts.</summary>
    internal double Threshold { get; }

    /// <inheritdoc />
    public IScoreTracker CreateTracker() => new Tracker(this);

    /// <summary>
    /// The log of the bet on <paramref name="p"/>: ln ε + (ε − 1) ln p for the power martingale; for the mixture, the
    /// log of that bet integrated over ε from 0 to 1, (p ln p − p + 1) / (p (ln p)²).
    /// </summary>
    internal double LogBet(double p)
    {
        if (Martingale == ChangePointMartingale.Power)
        {
            return Math.Log(Epsilon) + ((Epsilon - 1) * Math.Log(p));
        }

        var log = Math.Log(p);
        return Math.Abs(log) < 1e-6
            ? Math.Log(0.5) // the integral's limit as p → 1
            : Math.Log((((p * log) - p) + 1) / (p * log * log));
    }

    /// <summary>The rule's state along one series: the history of scores, the bets and the quiet rows after an alert.</summary>
    internal sealed class Tracker : IScoreTracker
    {
        private readonly ChangePointRule _rule;
        private readonly KernelPValue _history;
        private readonly double[] _bets;
        private int _bet;
        private bool _started;
        private int _quiet;

        internal Tracker(ChangePointRule rule)
        {
            _rule = rule;
            _history = new KernelPValue(rule.HistoryLength);
            _bets = new double[rule.HistoryLength];
        }

        /// <summary>
        /// Judges <paramref name="score"/> (in single precision, as ML.NET keeps it), adds it to the history and bets on
        /// its p-value; <paramref name="scoreSlot"/> is what the Raw Score slot reports.
        /// </summary>
        public DetectorOutput Next(float score, double scoreSlot)
        {
            var p = _rule.RawScores ? _history.AccuratePValue(score, SpikeSide.TwoSided) : _history.PValue(score, SpikeSide.TwoSided);
            _history.Add(score);
            var logMartingale = Bet(_rule.LogBet(Math.Max(p, 1e-300)));
            if (_rule.RawScores)
            {
                return new DetectorOutput(0, logMartingale, p);
            }

            var martingale = Math.Exp(logMartingale);
            var alert = false;
            if (_history.IsFull)
            {
                alert = martingale >= _rule.Threshold && _quiet == 0;
                if (alert)
                {
                    _quiet = _rule.HistoryLength;
                }

                _quiet = Math.Max(_quiet - 1, 0);
            }

            return new DetectorOutput(alert ? 1 : 0, scoreSlot, p, martingale);
        }

        /// <summary>Writes the history, the bets and the quiet rows.</summary>
        public void SaveState(BinaryWriter writer)
        {
            _history.SaveState(writer);
            SessionState.Write(writer, _bets);
            writer.Write(_bet);
            writer.Write(_started);
            writer.Write(_quiet);
        }

        /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
        public void RestoreState(BinaryReader reader)
        {
            _history.RestoreState(reader);
            SessionState.Read(reader, _bets);
            _bet = SessionState.ReadIndex(reader, _bets.Length);
            _started = reader.ReadBoolean();
            _quiet = SessionState.ReadCount(reader, _rule.HistoryLength);
        }

        /// <summary>Adds a bet (the first fills every slot, as ML.NET does) and returns the sum of the last HistoryLength.</summary>
        private double Bet(double logBet)
        {
            if (!_started)
            {
                Array.Fill(_bets, logBet);
                _started = true;
            }
            else
            {
                _bets[_bet] = logBet;
                _bet = (_bet + 1) % _bets.Length;
            }

            var sum = 0.0;
            for (var i = 0; i < _bets.Length; i++)
            {
                sum += _bets[i];
            }

            return sum;
        }
    }
}
