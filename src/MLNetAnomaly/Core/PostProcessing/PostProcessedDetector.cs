using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>
/// A detector whose raw scores (the Score slot of the inner detector's outputs) go through a fitted
/// <see cref="ScoreChain"/>: the one place where any detector's raw scores become [Alert, Score, P-Value]. Warm-up
/// rows keep the warm-up output [0, 0, 0.5] (the range rule still learns from them) and rows with a missing value or
/// a non-finite raw score get [0, NaN, NaN]. Expected values, carried recurrent state and checkpoints pass through.
/// </summary>
internal sealed class PostProcessedDetector : IFittedDetector
{
    /// <summary>Wraps <paramref name="raw"/>; disposing this disposes it.</summary>
    internal PostProcessedDetector(IFittedDetector raw, ScoreChain chain)
    {
        Raw = raw;
        Chain = chain;
    }

    /// <summary>The detector whose Score slot is the raw score.</summary>
    internal IFittedDetector Raw { get; }

    /// <summary>The fitted chain.</summary>
    internal ScoreChain Chain { get; }

    /// <inheritdoc />
    public int WarmUpLength => Raw.WarmUpLength;

    /// <inheritdoc />
    public int Dimensions => Raw.Dimensions;

    /// <inheritdoc />
    public bool ProvidesExpectedValues => Raw.ProvidesExpectedValues;

    /// <inheritdoc />
    public bool SupportsIncremental => Raw.SupportsIncremental;

    /// <summary>
    /// Fits a chain for <paramref name="raw"/> on its training data: the raw scores it gives <paramref name="values"/>
    /// (row-major) after its warm-up, and the values' range.
    /// </summary>
    internal static ScoreChain FitChain(IFittedDetector raw, ChainSettings settings, ReadOnlySpan<float> values)
    {
        var rows = values.Length / raw.Dimensions;
        var outputs = new DetectorOutput[rows];
        using (var session = raw.CreateSession(ScoringMode.Batch))
        {
            session.Score(values, outputs, Span<float>.Empty);
        }

        var scores = outputs.Skip(raw.WarmUpLength).Select(o => o.Score).ToArray();
        var (min, max) = ScoreChain.RangeOf(values, raw.Dimensions);
        return new ScoreChain(settings, scores, min, max);
    }

    /// <inheritdoc />
    public IDetectorSession CreateSession(ScoringMode mode) => new Session(this, Raw.CreateSession(mode));

    /// <inheritdoc />
    public void Dispose() => Raw.Dispose();

    private sealed class Session(PostProcessedDetector owner, IDetectorSession raw) : IDetectorSession
    {
        private readonly ScoreChain.Session _chain = owner.Chain.Start();
        private long _seen;

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            raw.Score(values, outputs, expected);
            var dimensions = owner.Dimensions;
            for (var j = 0; j < outputs.Length; j++)
            {
                var row = values.Slice(j * dimensions, dimensions);
                if (_seen++ < owner.WarmUpLength)
                {
                    _chain.Observe(row);
                    outputs[j] = DetectorOutput.WarmUp;
                }
                else
                {
                    var score = outputs[j].Score;
                    outputs[j] = double.IsFinite(score) ? _chain.Apply(score, row) : DetectorOutput.Missing;
                }
            }
        }

        public void SaveState(BinaryWriter writer)
        {
            raw.SaveState(writer);
            writer.Write(_seen);
            _chain.SaveState(writer);
        }

        public void RestoreState(BinaryReader reader)
        {
            raw.RestoreState(reader);
            _seen = reader.ReadInt64();
            _chain.RestoreState(reader);
        }

        public void Dispose() => raw.Dispose();
    }
}
