using MLNetAnomaly.Core.PostProcessing;

namespace MLNetAnomaly.Core.Scoring;

/// <summary>
/// Several detectors scored together. Every member goes through its own post-processing chain, so its Score is on the
/// chain's common scale (<see cref="ChainScore"/>); the ensemble's Score is the mean of the members' scores, its
/// P-Value the p-value of that score on the same scale, and Alert is set where at least half of the members alert.
/// A row is warm-up until every member has left its warm-up, and missing when any member sees it as missing.
/// </summary>
internal sealed class EnsembleDetector : IFittedDetector
{
    private readonly IReadOnlyList<IDisposable> _owners;

    /// <summary>Combines <paramref name="members"/>; <paramref name="owners"/> (what holds them) are disposed with the ensemble.</summary>
    internal EnsembleDetector(IReadOnlyList<IFittedDetector> members, IReadOnlyList<IDisposable> owners)
    {
        _owners = owners;
        if (members.Count == 0 || members.Any(m => m.Dimensions != 1))
        {
            throw new ArgumentException("An ensemble needs at least one univariate member.", nameof(members));
        }

        if (members.Any(m => m is not PostProcessedDetector))
        {
            throw new ArgumentException("Every ensemble member needs a post-processing chain, so that their scores share one scale.", nameof(members));
        }

        Members = members;
        WarmUpLength = members.Max(m => m.WarmUpLength);
    }

    /// <summary>The members.</summary>
    internal IReadOnlyList<IFittedDetector> Members { get; }

    /// <inheritdoc />
    public int WarmUpLength { get; }

    /// <inheritdoc />
    public int Dimensions => 1;

    /// <inheritdoc />
    public bool ProvidesExpectedValues => false;

    /// <inheritdoc />
    public IDetectorSession CreateSession(ScoringMode mode) => new Session(this, mode);

    /// <inheritdoc />
    public bool SupportsIncremental => Members.Any(m => m.SupportsIncremental);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var owner in _owners)
        {
            owner.Dispose();
        }
    }

    private sealed class Session : IDetectorSession
    {
        private readonly EnsembleDetector _owner;
        private readonly IDetectorSession[] _sessions;
        private DetectorOutput[] _memberOutputs = Array.Empty<DetectorOutput>();
        private long _seen;

        internal Session(EnsembleDetector owner, ScoringMode mode)
        {
            _owner = owner;
            _sessions = owner.Members.Select(m => m.CreateSession(mode)).ToArray();
        }

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            var count = values.Length;
            if (_memberOutputs.Length < count * _sessions.Length)
            {
                _memberOutputs = new DetectorOutput[count * _sessions.Length];
            }

            for (var m = 0; m < _sessions.Length; m++)
            {
                _sessions[m].Score(values, _memberOutputs.AsSpan(m * count, count), Span<float>.Empty);
            }

            for (var j = 0; j < count; j++)
            {
                _seen++;
                if (_seen <= _owner.WarmUpLength)
                {
                    outputs[j] = DetectorOutput.WarmUp;
                    continue;
                }

                double sum = 0;
                var alerts = 0;
                var missing = false;
                for (var m = 0; m < _sessions.Length; m++)
                {
                    var output = _memberOutputs[(m * count) + j];
                    missing |= double.IsNaN(output.Score);
                    sum += output.Score;
                    alerts += output.Alert > 0 ? 1 : 0;
                }

                var mean = sum / _sessions.Length;
                outputs[j] = missing ? DetectorOutput.Missing : new DetectorOutput(2 * alerts >= _sessions.Length ? 1 : 0, mean, ChainScore.ToPValue(mean));
            }

            expected.Fill(float.NaN);
        }

        public void SaveState(BinaryWriter writer)
        {
            writer.Write(_seen);
            foreach (var session in _sessions)
            {
                session.SaveState(writer);
            }
        }

        public void RestoreState(BinaryReader reader)
        {
            _seen = reader.ReadInt64();
            foreach (var session in _sessions)
            {
                session.RestoreState(reader);
            }
        }

        public void Dispose()
        {
            foreach (var session in _sessions)
            {
                session.Dispose();
            }
        }
    }
}
