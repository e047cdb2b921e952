using Microsoft.ML;

namespace MLNetAnomaly.Selection;

/// <summary>One trial of a detector selection: a detector with its settings, and how it did.</summary>
public sealed class TrialResult
{
    internal TrialResult(int number, string detector, string settings, double metric, IReadOnlyDictionary<string, double> details, TimeSpan duration, string? error, int epochs = 0)
    {
        Number = number;
        Epochs = epochs;
        Detector = detector;
        Settings = settings;
        Metric = metric;
        Details = details;
        Duration = duration;
        Error = error;
    }

    /// <summary>The trial's place in the order trials ran, from 1.</summary>
    public int Number { get; }

    /// <summary>The detector's name (<see cref="DetectorRegistry"/>).</summary>
    public string Detector { get; }

    /// <summary>The hyperparameters, in words.</summary>
    public string Settings { get; }

    /// <summary>
    /// What selection ranks by, higher is better. With labels, the chosen metric. Without labels: while the search
    /// runs (in progress reports), the mean of the trial's AUC-PR and best F1 at finding the injected anomalies; in
    /// the final leaderboard, the robust consensus of all trials' measures (docs/selection.md), in [0, 1]. NaN when
    /// the trial failed.
    /// </summary>
    public double Metric { get; }

    /// <summary>Epochs the trial's network trained (fewer than its setting when successive halving did not promote it); 0 for detectors without epochs.</summary>
    public int Epochs { get; }

    /// <summary>The measurements behind <see cref="Metric"/>, by name.</summary>
    public IReadOnlyDictionary<string, double> Details { get; }

    /// <summary>Time spent fitting and scoring.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Why the trial failed, or null.</summary>
    public string? Error { get; }

    /// <summary>The same trial with another metric (the final, aggregated one) and added details.</summary>
    internal TrialResult WithMetric(double metric, IReadOnlyDictionary<string, double> extraDetails)
        => new(Number, Detector, Settings, metric, Details.Concat(extraDetails).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), Duration, Error, Epochs);

    /// <summary>The same trial with another duration (a promoted trial counts both of its runs).</summary>
    internal TrialResult WithDuration(TimeSpan duration) => new(Number, Detector, Settings, Metric, Details, duration, Error, Epochs);

    /// <inheritdoc />
    public override string ToString() => Error is null
        ? $"#{Number} {Detector} ({Settings}{(Epochs > 0 ? $", {Epochs} epochs" : string.Empty)}): {Metric:F3} in {Duration.TotalSeconds:F1} s"
        : $"#{Number} {Detector} ({Settings}): failed: {Error}";
}

/// <summary>The outcome of a detector selection.</summary>
public sealed class DetectorSelectionResult
{
    internal DetectorSelectionResult(ITransformer bestModel, TrialResult best, IReadOnlyList<TrialResult> leaderboard, bool stoppedEarly, bool refittedOnWholeSeries, string? fallback = null)
    {
        Fallback = fallback;
        BestModel = bestModel;
        Best = best;
        Leaderboard = leaderboard;
        StoppedEarly = stoppedEarly;
        RefittedOnWholeSeries = refittedOnWholeSeries;
    }

    /// <summary>
    /// The best trial's detector (or the ensemble of the best trials), refitted on all the training data unless
    /// <see cref="RefittedOnWholeSeries"/> is false; it saves and loads like any detector.
    /// </summary>
    public ITransformer BestModel { get; }

    /// <summary>
    /// True when <see cref="BestModel"/> was refitted on the whole series; false when the time budget or a
    /// cancellation left no time to, and it is the trial's own model, fitted on the series' fitting part.
    /// </summary>
    public bool RefittedOnWholeSeries { get; }

    /// <summary>The best trial.</summary>
    public TrialResult Best { get; }

    /// <summary>Every trial, best first (failed trials last).</summary>
    public IReadOnlyList<TrialResult> Leaderboard { get; }

    /// <summary>True when cancellation stopped the search before its budget was spent.</summary>
    public bool StoppedEarly { get; }

    /// <summary>
    /// Null when detectors were compared. Otherwise why they were not, and what <see cref="BestModel"/> is instead: a
    /// series too short to split into fitting and validation parts, or a time budget that ran out before any trial
    /// finished, gets IID spike (which needs no training) with the post-processing chain, fitted on all its rows, and
    /// this says so.
    /// </summary>
    public string? Fallback { get; }
}
