namespace MLNetAnomaly.Core.Scoring;

/// <summary>How a member's output becomes the value it is ranked by.</summary>
internal enum RankKind
{
    /// <summary>The Score slot.</summary>
    Score = 0,

    /// <summary>1 − the P-Value slot (for detectors whose score slot is not a ranking, such as IID spike's raw value).</summary>
    OneMinusPValue = 1,
}

/// <summary>The ranking value of a detector's output, by <see cref="RankKind"/>.</summary>
internal static class RankKindExtensions
{
    /// <summary>The value <paramref name="output"/> is ranked by (higher: more anomalous; NaN stays NaN).</summary>
    internal static double Of(this RankKind rank, in DetectorOutput output) => rank == RankKind.OneMinusPValue ? 1 - output.PValue : output.Score;
}

/// <summary>One member of an ensemble: a fitted detector, how to rank its output, and its calibration.</summary>
internal sealed record EnsembleMember(IFittedDetector Detector, RankKind Rank, RankCalibration Calibration)
{
    /// <summary>The value this member's output is ranked by.</summary>
    internal double RankOf(in DetectorOutput output) => Rank.Of(output);
}

/// <summary>
/// Several detectors scored together: each member's ranking value is calibrated against its own training values
/// (<see cref="RankCalibration"/>), and the ensemble's Score is the mean of the calibrated scores, in [0, 1).
/// P-Value = 1 − Score; Alert where at least half of the members alert. A row is warm-up until every member has
/// left its warm-up, and missing when any member sees it as missing. With one member, this is that detector with
/// scores made comparable across detectors and series.
/// </summary>
internal sealed class EnsembleDetector : IFittedDetector
{
    private readonly IReadOnlyList<IDisposable> _owners;

    /// <summary>Combines <paramref name="members"/>; <paramref name="owners"/> (what holds them) are disposed with the ensemble.</summary>
    internal EnsembleDetector(IReadOnlyList<EnsembleMember> members, IReadOnlyList<IDisposable> owners)
    {
        _owners = owners;
        if (members.Count == 0 || members.Any(m => m.Detector.Dimensions != 1))
        {
            throw new ArgumentException("An ensemble needs at least one univariate member.", nameof(members));
        }

        Members = members;
        WarmUpLength = members.Max(m => m.Detector.WarmUpLength);
    }

    /// <summary>The members.</summary>
    internal IReadOnlyList<EnsembleMember> Members { get; }

    /// <inheritdoc />
    public int WarmUpLength { get; }

    /// <inheritdoc />
    public int Dimensions => 1;

    /// <inheritdoc />
    public bool ProvidesExpectedValues => false;

    /// <inheritdoc />
    public IDetectorSession CreateSession(bool streaming, bool carryRecurrentState = false) => new Session(this, streaming, carryRecurrentState);

    /// <inheritdoc />
    public bool CanCarryRecurrentState => Members.Any(m => m.Detector.CanCarryRecurrentState);

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

        internal Session(EnsembleDetector owner, bool streaming, bool carryRecurrentState)
        {
            _owner = owner;
            _sessions = owner.Members.Select(m => m.Detector.CreateSession(streaming, carryRecurrentState)).ToArray();
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
                    outputs[j] = new DetectorOutput(0, 0, 0.5);
                    continue;
                }

                double sum = 0;
                var alerts = 0;
                var missing = false;
                for (var m = 0; m < _sessions.Length; m++)
                {
                    var output = _memberOutputs[(m * count) + j];
                    var member = _owner.Members[m];
                    var score = member.Calibration.Score(member.RankOf(output));
                    missing |= double.IsNaN(score);
                    sum += score;
                    alerts += output.Alert > 0 ? 1 : 0;
                }

                var mean = sum / _sessions.Length;
                outputs[j] = missing ? DetectorOutput.Missing : new DetectorOutput(2 * alerts >= _sessions.Length ? 1 : 0, mean, 1 - mean);
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
