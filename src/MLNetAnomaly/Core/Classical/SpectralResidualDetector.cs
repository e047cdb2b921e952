using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical;

/// <summary>The settings of the streaming spectral residual detector (the names of ML.NET's <c>DetectAnomalyBySrCnn</c>).</summary>
/// <param name="WindowSize">Points in the sliding window transformed for each new point.</param>
/// <param name="BackAddWindowSize">Estimated points appended after the window.</param>
/// <param name="LookaheadWindowSize">Points the slope of those estimates is taken over.</param>
/// <param name="AveragingWindowSize">Frequencies averaged to smooth the log amplitude.</param>
/// <param name="JudgementWindowSize">Saliency values averaged to judge the newest one.</param>
/// <param name="Threshold">Alert where the score, clamped to [0, 1], exceeds it.</param>
/// <param name="RobustExtension">Estimate the appended points robustly (<see cref="SaliencyMap.Extend"/>) instead of by ML.NET's formula.</param>
/// <param name="Legacy">The rule of models saved before parity with ML.NET (see <see cref="SpectralResidualDetector"/>).</param>
internal sealed record SpectralResidualSettings(int WindowSize, int BackAddWindowSize, int LookaheadWindowSize, int AveragingWindowSize, int JudgementWindowSize, double Threshold, bool RobustExtension = false, bool Legacy = false);

/// <summary>
/// Spectral residual, streaming, as ML.NET's <c>DetectAnomalyBySrCnn</c>: for each new point, the last WindowSize
/// points get ML.NET's score (<see cref="SpectralResidualScorer"/>). Output [Alert, Raw Score, Mag = S]; Alert where
/// the score clamped to [0, 1] exceeds the threshold (strictly). The first WindowSize − 1 points get [0, 0, 0].
/// Models saved before parity (<see cref="SpectralResidualSettings.Legacy"/>) keep their rule: the saliency in double
/// precision with the robust extension, Raw Score = (S − S̄) / S̄ (signed, not divided by 10), Alert above the threshold.
/// </summary>
internal sealed class SpectralResidualDetector : IFittedDetector
{
    internal SpectralResidualDetector(SpectralResidualSettings settings)
    {
        Settings = settings;
    }

    /// <summary>The settings.</summary>
    internal SpectralResidualSettings Settings { get; }

    /// <inheritdoc />
    public int WarmUpLength => Settings.WindowSize - 1;

    /// <inheritdoc />
    public int Dimensions => 1;

    /// <inheritdoc />
    public bool ProvidesExpectedValues => false;

    /// <inheritdoc />
    public IDetectorSession CreateSession(ScoringMode mode) => new Session(Settings);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Session : IDetectorSession
    {
        private readonly SpectralResidualSettings _settings;
        private readonly double[] _extended;
        private readonly double[] _saliency;
        private readonly SaliencyMap _map;
        private readonly SpectralResidualScorer? _scorer;
        private readonly float[] _window;
        private double _lastValid;
        private long _seen;

        internal Session(SpectralResidualSettings settings)
        {
            _settings = settings;
            _extended = new double[settings.WindowSize + settings.BackAddWindowSize];
            _saliency = new double[_extended.Length];
            _map = new SaliencyMap(_extended.Length, settings.AveragingWindowSize);
            _window = new float[settings.WindowSize];
            _scorer = settings.Legacy ? null : new SpectralResidualScorer(settings);
        }

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            var window = _settings.WindowSize;
            for (var j = 0; j < values.Length; j++)
            {
                var missing = !float.IsFinite(values[j]);
                if (!missing)
                {
                    _lastValid = values[j];
                }

                // The window is kept in the first WindowSize slots of the extended buffer, oldest first.
                Array.Copy(_extended, 1, _extended, 0, window - 1);
                _extended[window - 1] = _lastValid;
                _seen++;
                outputs[j] = missing ? DetectorOutput.Missing : _seen < window ? new DetectorOutput(0, 0, 0) : Decide();
            }

            expected.Fill(float.NaN);
        }

        public void SaveState(BinaryWriter writer)
        {
            SessionState.Write(writer, _extended.AsSpan(0, _settings.WindowSize));
            writer.Write(_lastValid);
            writer.Write(_seen);
        }

        public void RestoreState(BinaryReader reader)
        {
            SessionState.Read(reader, _extended.AsSpan(0, _settings.WindowSize));
            _lastValid = reader.ReadDouble();
            _seen = reader.ReadInt64();
        }

        public void Dispose()
        {
        }

        private DetectorOutput Decide()
        {
            var window = _settings.WindowSize;
            if (_scorer is not null)
            {
                // The window holds single-precision inputs, so this copy is exact.
                for (var i = 0; i < window; i++)
                {
                    _window[i] = (float)_extended[i];
                }

                var (scaled, saliency) = _scorer.Score(_window);
                return new DetectorOutput(Math.Clamp(scaled, 0f, 1f) > _settings.Threshold ? 1 : 0, scaled, saliency);
            }

            SaliencyMap.Extend(_extended.AsSpan(0, window), _settings.LookaheadWindowSize, _extended.AsSpan(window));
            _map.Compute(_extended, _saliency);
            var magnitude = _saliency[window - 1];
            var mean = 0.0;
            for (var i = window - _settings.JudgementWindowSize; i < window; i++)
            {
                mean += _saliency[i];
            }

            mean /= _settings.JudgementWindowSize;
            var score = mean > 1e-12 ? (magnitude - mean) / mean : 0;
            return new DetectorOutput(score > _settings.Threshold ? 1 : 0, score, magnitude);
        }
    }
}
