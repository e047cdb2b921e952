using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// IID change point detection, ML.NET's <c>DetectIidChangePoint</c> (Vovk et al., "Testing exchangeability on-line",
/// ICML 2003): each value's two-sided p-value against the last <c>historyLength</c> values (<see cref="KernelPValue"/>)
/// feeds a martingale, the product of the bets on the last <c>historyLength</c> p-values (the first point's bet
/// counted for all of them); a martingale at or above the threshold ML.NET derives from the confidence signals a change,
/// once the history is full, and no other alert follows within <c>historyLength</c> − 1 rows. Output [Alert, Raw Score
/// = the value, P-Value, Martingale]. With raw scores (for a post-processing chain), the output is
/// [0, log of the martingale, p]. The martingale's log is recomputed from its bets at every point, where ML.NET keeps a
/// running sum (which a NaN p-value turns into NaN for good).
/// </summary>
internal sealed class IidChangePointDetector : IFittedDetector
{
    internal IidChangePointDetector(double confidence, int historyLength, ChangePointMartingale martingale, double epsilon, bool rawScores = false)
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

    /// <summary>Values each p-value is computed against, and bets the martingale multiplies.</summary>
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
    public int WarmUpLength => 0;

    /// <inheritdoc />
    public int Dimensions => 1;

    /// <inheritdoc />
    public bool ProvidesExpectedValues => false;

    /// <inheritdoc />
    public IDetectorSession CreateSession(ScoringMode mode) => new Session(this);

    /// <inheritdoc />
    public void Dispose()
    {
    }

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

    private sealed class Session : IDetectorSession
    {
        private readonly IidChangePointDetector _owner;
        private readonly KernelPValue _history;
        private readonly double[] _bets;
        private int _bet;
        private bool _started;
        private int _quiet;

        internal Session(IidChangePointDetector owner)
        {
            _owner = owner;
            _history = new KernelPValue(owner.HistoryLength);
            _bets = new double[owner.HistoryLength];
        }

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            for (var j = 0; j < values.Length; j++)
            {
                var value = values[j];
                if (!float.IsFinite(value))
                {
                    outputs[j] = new DetectorOutput(0, double.NaN, double.NaN, double.NaN);
                    continue;
                }

                var p = _owner.RawScores ? _history.AccuratePValue(value, SpikeSide.TwoSided) : _history.PValue(value, SpikeSide.TwoSided);
                _history.Add(value);
                var logMartingale = Bet(_owner.LogBet(Math.Max(p, 1e-300)));
                if (_owner.RawScores)
                {
                    outputs[j] = new DetectorOutput(0, logMartingale, p);
                    continue;
                }

                var martingale = Math.Exp(logMartingale);
                var alert = false;
                if (_history.IsFull)
                {
                    alert = martingale >= _owner.Threshold && _quiet == 0;
                    if (alert)
                    {
                        _quiet = _owner.HistoryLength;
                    }

                    _quiet = Math.Max(_quiet - 1, 0);
                }

                outputs[j] = new DetectorOutput(alert ? 1 : 0, value, p, martingale);
            }

            expected.Fill(float.NaN);
        }

        public void SaveState(BinaryWriter writer)
        {
            _history.SaveState(writer);
            SessionState.Write(writer, _bets);
            writer.Write(_bet);
            writer.Write(_started);
            writer.Write(_quiet);
        }

        public void RestoreState(BinaryReader reader)
        {
            _history.RestoreState(reader);
            SessionState.Read(reader, _bets);
            _bet = SessionState.ReadIndex(reader, _bets.Length);
            _started = reader.ReadBoolean();
            _quiet = SessionState.ReadCount(reader, _owner.HistoryLength);
        }

        public void Dispose()
        {
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
