using MathNet.Numerics;

namespace MLNetAnomaly.Core.Scoring;

/// <summary>
/// Scores errors against the recent past instead of the training data alone, in the spirit of Numenta's anomaly
/// likelihood (Ahmad, Lavin, Purdy and Agha, "Unsupervised real-time anomaly detection for streaming data",
/// Neurocomputing 2017): the mean of the last <c>smoothing</c> errors is compared with the mean μ and deviation σ of
/// the last <c>history</c> errors (seeded with the newest training errors): z = (short mean − μ) / σ, Score = max(0, z),
/// P-Value = the Gaussian upper tail of z (above 0.5 for errors below the recent mean). The error is then added to the history, so the scale follows
/// slow drifts while a sudden jump still stands out. One instance per series; it is deterministic.
/// </summary>
internal sealed class AdaptiveCalibration
{
    private readonly double[] _history;
    private readonly double[] _recent;
    private int _historyNext;
    private int _recentNext;
    private double _sum;
    private double _sumOfSquares;
    private double _recentSum;

    /// <summary>Starts from the newest training errors.</summary>
    /// <param name="trainingErrors">Combined training errors, oldest first.</param>
    /// <param name="history">Errors in the long window.</param>
    /// <param name="smoothing">Errors averaged in the short window (1: the error itself).</param>
    internal AdaptiveCalibration(IReadOnlyList<float> trainingErrors, int history, int smoothing)
    {
        _history = new double[Math.Min(history, trainingErrors.Count)];
        _recent = new double[Math.Min(smoothing, _history.Length)];
        for (var i = 0; i < _history.Length; i++)
        {
            _history[i] = trainingErrors[trainingErrors.Count - _history.Length + i];
            _sum += _history[i];
            _sumOfSquares += _history[i] * _history[i];
        }

        for (var i = 0; i < _recent.Length; i++)
        {
            _recent[i] = _history[_history.Length - _recent.Length + i];
            _recentSum += _recent[i];
        }
    }

    /// <summary>Scores one error and adds it to the history.</summary>
    internal DetectorOutput Evaluate(double error, double alpha)
    {
        _recentSum += error - _recent[_recentNext];
        _recent[_recentNext] = error;
        _recentNext = (_recentNext + 1) % _recent.Length;

        var count = _history.Length;
        var mean = _sum / count;
        var deviation = Math.Sqrt(Math.Max((_sumOfSquares / count) - (mean * mean), 0));
        deviation = Math.Max(deviation, 1e-6 * Math.Max(mean, 1e-12));
        var z = ((_recentSum / _recent.Length) - mean) / deviation;
        var pValue = 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));

        var old = _history[_historyNext];
        _history[_historyNext] = error;
        _historyNext = (_historyNext + 1) % count;
        _sum += error - old;
        _sumOfSquares += (error * error) - (old * old);
        return new DetectorOutput(pValue < alpha ? 1 : 0, Math.Max(0, z), pValue);
    }

    /// <summary>Writes the windows and running sums (the sums as they are, so a restored copy rounds identically).</summary>
    internal void SaveState(BinaryWriter writer)
    {
        SessionState.Write(writer, _history);
        SessionState.Write(writer, _recent);
        writer.Write(_historyNext);
        writer.Write(_recentNext);
        writer.Write(_sum);
        writer.Write(_sumOfSquares);
        writer.Write(_recentSum);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    internal void RestoreState(BinaryReader reader)
    {
        SessionState.Read(reader, _history);
        SessionState.Read(reader, _recent);
        _historyNext = SessionState.ReadIndex(reader, _history.Length);
        _recentNext = SessionState.ReadIndex(reader, _recent.Length);
        _sum = reader.ReadDouble();
        _sumOfSquares = reader.ReadDouble();
        _recentSum = reader.ReadDouble();
    }
}
