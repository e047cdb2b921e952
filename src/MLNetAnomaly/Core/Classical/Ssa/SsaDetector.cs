using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical.Ssa;

/// <summary>
/// ML.NET's SSA spike and change point detectors (<c>DetectSpikeBySsa</c>, <c>DetectChangePointBySsa</c>): each value
/// is compared with the forecast a trained <see cref="SsaModel"/> made for it before seeing it, the error function
/// turns the pair into a raw score, and the raw scores go through the spike rule or the change point rule
/// (<see cref="IScoreRule"/>). The expected value of each row is its forecast. No warm-up rows: scoring continues from
/// the end of the training data, whose rows are scored in-sample when they are scored.
/// </summary>
internal sealed class SsaDetector : IFittedDetector
{
    internal SsaDetector(SsaModel model, SsaErrorFunction errorFunction, IScoreRule rule)
    {
        Model = model;
        ErrorFunction = errorFunction;
        Rule = rule;
    }

    /// <summary>The trained forecaster.</summary>
    internal SsaModel Model { get; }

    /// <summary>How a value and its forecast make a raw score.</summary>
    internal SsaErrorFunction ErrorFunction { get; }

    /// <summary>What the raw scores go through.</summary>
    internal IScoreRule Rule { get; }

    /// <inheritdoc />
    public int WarmUpLength => 0;

    /// <inheritdoc />
    public int Dimensions => 1;

    /// <inheritdoc />
    public bool ProvidesExpectedValues => true;

    /// <inheritdoc />
    public IDetectorSession CreateSession(ScoringMode mode) => new Session(this);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>The raw score of <paramref name="value"/> against its <paramref name="forecast"/>, in double as ML.NET computes it.</summary>
    internal static double Error(SsaErrorFunction function, double value, double forecast) => function switch
    {
        SsaErrorFunction.SignedDifference => value - forecast,
        SsaErrorFunction.AbsoluteDifference => Math.Abs(value - forecast),
        SsaErrorFunction.SignedProportion => forecast == 0 ? 0 : (value - forecast) / forecast,
        SsaErrorFunction.AbsoluteProportion => forecast == 0 ? 0 : Math.Abs((value - forecast) / forecast),
        _ => (value - forecast) * (value - forecast),
    };

    /// <summary>The output of a missing value: no alert, NaN in every other slot; the state is left as it was.</summary>
    private static readonly DetectorOutput Missing = new(0, double.NaN, double.NaN, double.NaN);

    private sealed class Session : IDetectorSession
    {
        private readonly SsaDetector _owner;
        private readonly SsaForecaster _forecaster;
        private readonly IScoreTracker _tracker;

        internal Session(SsaDetector owner)
        {
            _owner = owner;
            _forecaster = new SsaForecaster(owner.Model);
            _tracker = owner.Rule.CreateTracker();
        }

        public void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected)
        {
            for (var j = 0; j < values.Length; j++)
            {
                var value = values[j];
                var forecast = _forecaster.Forecast;
                if (!expected.IsEmpty)
                {
                    expected[j] = forecast;
                }

                if (!float.IsFinite(value))
                {
                    outputs[j] = Missing;
                    continue;
                }

                _forecaster.Consume(value);
                var raw = Error(_owner.ErrorFunction, value, forecast);

                // A raw score beyond single precision (a series near float's limits) is not judged and not remembered:
                // ML.NET would put an infinity into its history, after which every p-value is NaN.
                outputs[j] = float.IsFinite((float)raw) ? _tracker.Next((float)raw, raw) : Missing;
            }
        }

        public void SaveState(BinaryWriter writer)
        {
            _forecaster.SaveState(writer);
            _tracker.SaveState(writer);
        }

        public void RestoreState(BinaryReader reader)
        {
            _forecaster.RestoreState(reader);
            _tracker.RestoreState(reader);
        }

        public void Dispose()
        {
        }
    }
}
