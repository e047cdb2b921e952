using MathNet.Numerics;
using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>
/// Numenta's anomaly likelihood (Ahmad, Lavin, Purdy and Agha, "Unsupervised real-time anomaly detection for
/// streaming data", Neurocomputing 2017), over any detector's raw scores. Each raw score joins a short moving average
/// (the last <c>averaging</c> scores); the average is judged against a Gaussian (μ, σ) fitted to the last
/// <c>history</c> averages, and the p-value is the Gaussian upper tail. The Gaussian is fitted at fit time to the
/// training scores' averages and re-estimated from the history every <c>reestimationPeriod</c> rows while scoring,
/// so the detector keeps adapting to the series. With the filter, in a run of p-values at or below 1e-5 only the first
/// keeps its value and the rest get 1e-3, so one lasting anomaly gives one strong signal.
/// Departures from Numenta's code, each because our raw scores are not HTM's bounded [0, 1] scores: the tail is one-
/// sided (an unusually good fit is not an anomaly); σ is floored at a tenth of |μ| (and 1e-9) instead of at an
/// absolute value; and there is no learning period, since the history starts from the training scores. The Gaussian
/// is the plain mean and standard deviation, as Numenta's: a robust one (median and MAD) was measured and lost 14 to
/// 18 NAB points (docs/benchmarks.md), because after a large anomaly the wider Gaussian is what stops a changed series
/// from alerting on and on.
/// </summary>
internal sealed class AnomalyLikelihood
{
    /// <summary>P-values at or below this are "red" (Numenta's report threshold, 1 − 0.99999).</summary>
    internal const double RedPValue = 1e-5;

    /// <summary>What the filter gives the later points of a red run (Numenta's yellow level, 1 − 0.999).</summary>
    internal const double YellowPValue = 1e-3;

    /// <summary>The z-score whose upper tail is <see cref="ChainScore.RangePValue"/> (1e-10, Score 1): the cap on averages entering the history.</summary>
    private static readonly double CapZ = Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * ChainScore.RangePValue);

    private readonly double[] _recent;
    private readonly double[] _history;
    private readonly int _reestimationPeriod;
    private readonly int _capacity;
    private readonly bool _filter;
    private readonly (double Mean, double Deviation) _gaussian;

    /// <summary>Fits on the training scores, in training order.</summary>
    internal AnomalyLikelihood(IReadOnlyList<double> trainingScores, int averaging, int history, int reestimationPeriod, bool filter)
    {
        var finite = trainingScores.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            throw new ArgumentException("At least one finite training score is needed to calibrate scores.", nameof(trainingScores));
        }

        var averages = new double[finite.Length];
        var sum = 0.0;
        for (var i = 0; i < finite.Length; i++)
        {
            sum += finite[i];
            if (i >= averaging)
            {
                sum -= finite[i - averaging];
            }

            averages[i] = sum / Math.Min(i + 1, averaging);
        }

        _capacity = history;
        _history = averages[^Math.Min(history, averages.Length)..];
        _recent = finite[^Math.Min(averaging, finite.Length)..];
        _reestimationPeriod = reestimationPeriod;
        _filter = filter;
        _gaussian = Estimate(_history, _history.Length);
    }

    /// <summary>The Gaussian fitted at fit time: the mean and deviation of the training averages.</summary>
    internal (double Mean, double Deviation) Gaussian => _gaussian;

    /// <summary>A state for one series, starting from the fitted history.</summary>
    internal CalibratorState Start() => new State(this);

    /// <summary>
    /// The Gaussian of the first <paramref name="count"/> values: their mean and population standard deviation (two
    /// passes, so stable), the deviation floored at max(|μ| / 10, 1e-9).
    /// </summary>
    internal static (double Mean, double Deviation) Estimate(double[] values, int count)
    {
        var mean = 0.0;
        for (var i = 0; i < count; i++)
        {
            mean += values[i];
        }

        mean /= count;
        var squares = 0.0;
        for (var i = 0; i < count; i++)
        {
            squares += (values[i] - mean) * (values[i] - mean);
        }

        return (mean, Math.Max(Math.Sqrt(squares / count), Math.Max(0.1 * Math.Abs(mean), 1e-9)));
    }

    private sealed class State : CalibratorState
    {
        private readonly AnomalyLikelihood _owner;
        private readonly RecentMean _recent;
        private double[] _history;
        private int _historyCount;
        private int _historyNext;
        private int _sinceEstimate;
        private double _mean;
        private double _deviation;
        private double _previous = 1;

        internal State(AnomalyLikelihood owner)
        {
            _owner = owner;
            _recent = new RecentMean(owner._recent);
            _history = new double[owner._capacity];
            owner._history.CopyTo(_history, 0);
            _historyCount = owner._history.Length;
            _historyNext = _historyCount % _history.Length;
            (_mean, _deviation) = owner._gaussian;
        }

        internal override double PValue(double raw)
        {
            var average = _recent.Add(raw);
            var pValue = RecentMean.UpperTail((average - _mean) / _deviation);
            var reported = _owner._filter && pValue <= RedPValue && _previous <= RedPValue ? Math.Max(pValue, YellowPValue) : pValue;
            _previous = pValue;

            // An average enters the history at most at the top of the score scale (μ + 6.36σ, the z of p = 1e-10), so
            // one huge error widens the Gaussian as a strong anomaly does, not by its own size: later anomalies stay
            // visible.
            _history[_historyNext] = Math.Min(average, _mean + (CapZ * _deviation));
            _historyNext = (_historyNext + 1) % _history.Length;
            _historyCount = Math.Min(_historyCount + 1, _history.Length);
            if (++_sinceEstimate >= _owner._reestimationPeriod)
            {
                (_mean, _deviation) = Estimate(_history, _historyCount);
                _sinceEstimate = 0;
            }

            return reported;
        }

        internal override void SaveState(BinaryWriter writer)
        {
            // Only the filled part of the history is written (a full window once it has wrapped).
            _recent.SaveState(writer);
            writer.Write(_historyCount);
            writer.Write(_historyNext);
            SessionState.Write(writer, _history.AsSpan(0, _historyCount));
            writer.Write(_sinceEstimate);
            writer.Write(_mean);
            writer.Write(_deviation);
            writer.Write(_previous);
        }

        internal override void RestoreState(BinaryReader reader)
        {
            _recent.RestoreState(reader);
            var count = SessionState.ReadCount(reader, _history.Length);
            if (count == 0)
            {
                throw new InvalidDataException("The checkpoint holds an empty likelihood history.");
            }

            var next = SessionState.ReadIndex(reader, _history.Length);
            var history = new double[_history.Length];
            SessionState.Read(reader, history.AsSpan(0, count));
            var since = SessionState.ReadCount(reader, _owner._reestimationPeriod);
            (_history, _historyCount, _historyNext, _sinceEstimate) = (history, count, next, since);
            _mean = reader.ReadDouble();
            _deviation = reader.ReadDouble();
            _previous = reader.ReadDouble();
        }
    }
}
