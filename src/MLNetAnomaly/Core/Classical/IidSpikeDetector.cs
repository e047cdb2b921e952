using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// IID spike detection, the method of ML.NET's <c>DetectIidSpike</c>: the points are taken as independent draws, the
/// raw score of a point is its value, and its p-value comes from a kernel density estimate of the last
/// <c>historyLength</c> values (<see cref="KernelDensityPValue"/>). Output [Alert, RawScore, PValue]; Alert where
/// the p-value is below 1 − confidence / 100. No warm-up rows, but p-values are 0.5 (no alert) until 10 values (or the whole history, when shorter) are known.
/// With raw scores (for a post-processing chain), the output is instead [0, −log10 p, p]: the tail probability as a
/// score, higher for rarer values.
/// </summary>
internal sealed class IidSpikeDetector : IFittedDetector
{
    internal IidSpikeDetector(double confidence, int historyLength, SpikeSide side, bool rawScores = false)
    {
        RawScores = rawScores;
        Confidence = confidence;
        HistoryLength = historyLength;
        Side = side;
    }

    /// <summary>Confidence in percent.</summary>
    internal double Confidence { get; }

    /// <summary>Values the p-value is computed against.</summary>
    internal int HistoryLength { get; }

    /// <summary>True when the Score slot is −log10 p (for a post-processing chain) instead of the value.</summary>
    internal bool RawScores { get; }

    /// <summary>Which deviations alert.</summary>
    internal SpikeSide Side { get; }

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

    private sealed class Session : IDetectorSession
    {
        private readonly IidSpikeDetector _owner;
        private readonly KernelDensityPValue _history;
        private readonly double _alpha;

        internal Session(IidSpikeDetector owner)
        {
            _owner = owner;
            _history = new KernelDensityPValue(owner.HistoryLength);
            _alpha = 1 - (owner.Confidence / 100);
        }

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            for (var j = 0; j < values.Length; j++)
            {
                var value = values[j];
                if (!float.IsFinite(value))
                {
                    outputs[j] = DetectorOutput.Missing;
                    continue;
                }

                var pValue = _history.PValue(value, _owner.Side);
                outputs[j] = _owner.RawScores ? new DetectorOutput(0, -Math.Log10(Math.Max(pValue, 1e-300)), pValue)
                    : new DetectorOutput(pValue < _alpha ? 1 : 0, value, pValue);
                _history.Add(value);
            }

            expected.Fill(float.NaN);
        }

        public void SaveState(BinaryWriter writer) => _history.SaveState(writer);

        public void RestoreState(BinaryReader reader) => _history.RestoreState(reader);

        public void Dispose()
        {
        }
    }
}
