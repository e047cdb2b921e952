using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.ML;

namespace MLNetAnomaly.Selection;

/// <summary>One run of one configuration: its number in the trial order, the trial, and the epochs to train (0: none).</summary>
internal sealed record TrialAttempt(int Number, SelectionTrial Trial, int Epochs);

/// <summary>
/// What one attempt gave: its result, the measurements behind it and its fitted model (both null when it failed or
/// was stopped). The model is the caller's to dispose.
/// </summary>
internal sealed record TrialOutcome(TrialAttempt Attempt, TrialResult Result, TrialMeasurement? Measurement, ITransformer? Model = null);

/// <summary>
/// Fits and judges attempts, in order, up to a number at once. Each attempt gets its own seeded MLContext and its
/// own data view of the fitting values (nothing ML.NET-side is shared between threads), and the deep detectors seed
/// their own training, so an attempt's result does not depend on what runs beside it.
/// </summary>
internal sealed class TrialRunner
{
    private readonly object _gate = new();
    private readonly TrialScorer _scorer;
    private readonly float[] _fitValues;
    private readonly int _seed;
    private readonly int _parallel;
    private readonly IProgress<TrialResult>? _progress;
    private readonly CancellationToken _cancellation;

    internal TrialRunner(TrialScorer scorer, float[] fitValues, int seed, int parallel, IProgress<TrialResult>? progress, CancellationToken cancellation)
    {
        _scorer = scorer;
        _fitValues = fitValues;
        _seed = seed;
        _parallel = parallel;
        _progress = progress;
        _cancellation = cancellation;
    }

    /// <summary>
    /// Runs <paramref name="attempts"/> in order; an attempt starts only while <paramref name="canStart"/> holds and
    /// the stop token has not fired, except the first one with <paramref name="startFirst"/>, so that a budget
    /// too short for any trial still tries one (a classical trial then finishes; a deep one stops at its first batch,
    /// and selection falls back to IID spike).
    /// A running deep attempt stops within one training batch when the token fires, and is recorded as stopped.
    /// Returns the outcomes of those that started, in order.
    /// </summary>
    internal List<TrialOutcome> Run(IReadOnlyList<TrialAttempt> attempts, Func<bool> canStart, bool startFirst = false)
    {
        var outcomes = new TrialOutcome?[attempts.Count];
        bool MayStart(int index) => (startFirst && index == 0) || CanStart(canStart);
        if (_parallel <= 1)
        {
            for (var i = 0; i < attempts.Count && MayStart(i); i++)
            {
                outcomes[i] = RunAndReport(attempts[i]);
            }
        }
        else
        {
            var ordered = Partitioner.Create(Enumerable.Range(0, attempts.Count), EnumerablePartitionerOptions.NoBuffering);
            Parallel.ForEach(ordered, new ParallelOptions { MaxDegreeOfParallelism = _parallel }, (i, state) =>
            {
                if (!MayStart(i))
                {
                    state.Stop();
                    return;
                }

                outcomes[i] = RunAndReport(attempts[i]);
            });
        }

        return outcomes.OfType<TrialOutcome>().ToList();
    }

    /// <summary>The error of an attempt the time budget or a cancellation stopped while it trained.</summary>
    internal const string Stopped = "stopped while training: the time budget ran out or the selection was cancelled";

    private bool CanStart(Func<bool> canStart) => !_cancellation.IsCancellationRequested && canStart();

    private TrialOutcome RunAndReport(TrialAttempt attempt)
    {
        var outcome = RunOne(attempt);
        lock (_gate)
        {
            _progress?.Report(outcome.Result);
        }

        return outcome;
    }

    private TrialOutcome RunOne(TrialAttempt attempt)
    {
        var trial = attempt.Trial;
        var ml = new MLContext(_seed);
        var clock = Stopwatch.StartNew();
        try
        {
            var fitPart = _scorer.View(ml, _fitValues);
            var model = trial.Build(ml, _scorer.Columns.Input, _scorer.Columns.Output, attempt.Epochs, _cancellation).Fit(fitPart);
            try
            {
                var measurement = _scorer.Measure(model, trial, ml);
                return new TrialOutcome(attempt, new TrialResult(attempt.Number, trial.Detector, trial.Settings, measurement.Primary, measurement.Details, clock.Elapsed, null, attempt.Epochs), measurement, model);
            }
            catch
            {
                (model as IDisposable)?.Dispose();
                throw;
            }
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            return new TrialOutcome(attempt, new TrialResult(attempt.Number, trial.Detector, trial.Settings, double.NaN, new Dictionary<string, double>(), clock.Elapsed, Stopped, attempt.Epochs), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            return new TrialOutcome(attempt, new TrialResult(attempt.Number, trial.Detector, trial.Settings, double.NaN, new Dictionary<string, double>(), clock.Elapsed, exception.Message, attempt.Epochs), null);
        }
    }
}
