using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// IID spike detection, ML.NET's <c>DetectIidSpike</c>: the points are taken as independent draws, the raw score of a
/// point is its value (in single precision), and its p-value comes from a kernel density estimate of the last
/// <c>historyLength</c> values before it (<see cref="KernelPValue"/>). Output [Alert, RawScore, PValue], as ML.NET's:
/// Alert where the p-value is at most 1 − confidence / 100, from the row that fills the history on; no warm-up rows
/// (the first point's p-value is 0.5). With raw scores (for a post-processing chain), the output is instead
/// [0, −log10 p, p] with p computed for ranking (<see cref="KernelPValue.AccuratePValue"/>): higher for rarer values.
/// </summary>
internal sealed class IidSpikeDetector : IFittedDetector
{
    internal IidSpikeDetector(double confidence, int historyLength, SpikeSide side, bool rawScores = false, IidKernel kernel = IidKernel.MlNet)
    {
        RawScores = rawScores;
        Confidence = confidence;
        HistoryLength = historyLength;
        Side = side;
        Kernel = kernel;
    }

    /// <summary>Confidence in percent.</summary>
    internal double Confidence { get; }

    /// <summary>Values the p-value is computed against.</summary>
    internal int HistoryLength { get; }

    /// <summary>True when the Score slot is −log10 p (for a post-processing chain) instead of the value.</summary>
    internal bool RawScores { get; }

    /// <summary>Which deviations alert.</summary>
    internal SpikeSide Side { get; }

    /// <summary>The kernel rule: ML.NET's, or the one of models saved before parity (kept so they score as saved).</summary>
    internal IidKernel Kernel { get; }

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
    /// Scores each value against the values before it, by ML.NET's rule (<see cref="SpikeRule"/>) or, for models
    /// saved before parity, the earlier one (<see cref="KernelDensityPValue"/>); exactly one is set.
    /// </summary>
    private sealed class Session : IDetectorSession
    {
        private readonly IidSpikeDetector _owner;
        private readonly SpikeRule.Tracker? _tracker;
        private readonly KernelDensityPValue? _legacy;
        private readonly double _alpha;

        internal Session(IidSpikeDetector owner)
        {
            _owner = owner;
            _tracker = owner.Kernel == IidKernel.MlNet ? new SpikeRule.Tracker(new SpikeRule(owner.Confidence, owner.HistoryLength, owner.Side, owner.RawScores)) : null;
            _legacy = _tracker is null ? new KernelDensityPValue(owner.HistoryLength) : null;
            _alpha = 1 - (owner.Confidence / 100);
        }

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            for (var j = 0; j < values.Length; j++)
            {
                var value = values[j];
                outputs[j] = !float.IsFinite(value) ? DetectorOutput.Missing
                    : _tracker is not null ? _tracker.Next(value, value)
                    : NextLegacy(_legacy!, value);
            }

            expected.Fill(float.NaN);
        }

        public void SaveState(BinaryWriter writer)
        {
            if (_tracker is not null)
            {
                _tracker.SaveState(writer);
            }
            else
            {
                _legacy!.SaveState(writer);
            }
        }

        public void RestoreState(BinaryReader reader)
        {
            if (_tracker is not null)
            {
                _tracker.RestoreState(reader);
            }
            else
            {
                _legacy!.RestoreState(reader);
            }
        }

        public void Dispose()
        {
        }

        /// <summary>The rule of models saved before parity: alert from the start where p is below the threshold.</summary>
        private DetectorOutput NextLegacy(KernelDensityPValue history, float value)
        {
            var p = history.PValue(value, _owner.Side);
            history.Add(value);
            return _owner.RawScores ? SpikeRule.RankingOutput(p) : new DetectorOutput(p < _alpha ? 1 : 0, value, p);
        }
    }
}

/// <summary>Which kernel rule an IID spike detector uses.</summary>
internal enum IidKernel
{
    /// <summary>
    /// Models saved before parity with ML.NET (no "Kernel" value in the file): Silverman's bandwidth, a doubled
    /// two-sided p-value, 0.5 for the first 10 points, alerts below the threshold from the start.
    /// </summary>
    Silverman = 0,

    /// <summary>ML.NET's rule (<see cref="KernelPValue"/>): what every new model uses.</summary>
    MlNet = 1,
}
