using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// IID change point detection, ML.NET's <c>DetectIidChangePoint</c>: <see cref="ChangePointRule"/> applied to the
/// values themselves (in single precision). Output [Alert, Raw Score = the value, P-Value, Martingale]; with raw scores
/// (for a post-processing chain), [0, log of the martingale, p].
/// </summary>
internal sealed class IidChangePointDetector : IFittedDetector
{
    internal IidChangePointDetector(double confidence, int historyLength, ChangePointMartingale martingale, double epsilon, bool rawScores = false)
    {
        Rule = new ChangePointRule(confidence, historyLength, martingale, epsilon, rawScores);
    }

    /// <summary>The martingale rule the values go through.</summary>
    internal ChangePointRule Rule { get; }

    /// <inheritdoc />
    public int WarmUpLength => 0;

    /// <inheritdoc />
    public int Dimensions => 1;

    /// <inheritdoc />
    public bool ProvidesExpectedValues => false;

    /// <inheritdoc />
    public IDetectorSession CreateSession(ScoringMode mode) => new Session(Rule);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Session : IDetectorSession
    {
        private readonly ChangePointRule.Tracker _tracker;

        internal Session(ChangePointRule rule)
        {
            _tracker = new ChangePointRule.Tracker(rule);
        }

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            for (var j = 0; j < values.Length; j++)
            {
                var value = values[j];
                outputs[j] = float.IsFinite(value) ? _tracker.Next(value, value) : new DetectorOutput(0, double.NaN, double.NaN, double.NaN);
            }

            expected.Fill(float.NaN);
        }

        public void SaveState(BinaryWriter writer) => _tracker.SaveState(writer);

        public void RestoreState(BinaryReader reader) => _tracker.RestoreState(reader);

        public void Dispose()
        {
        }
    }
}
