using MLNetAnomaly.Core.Validation;

namespace MLNetAnomaly;

/// <summary>The metric labelled selection maximises on its validation split.</summary>
public enum SelectionMetric
{
    /// <summary>Event-wise F1 of the alerts (an anomaly counts once, however many of its rows alert).</summary>
    EventF1 = 0,

    /// <summary>VUS-PR of the scores (threshold-free, tolerant of small misalignments).</summary>
    VusPr = 1,
}

/// <summary>Options of <see cref="DetectorSelectionExperiment"/>. Every default is documented on its property.</summary>
public sealed class DetectorSelectionOptions
{
    /// <summary>The <see cref="float"/> column to watch, in time order. Required.</summary>
    public string InputColumnName { get; set; } = string.Empty;

    /// <summary>The column the chosen detector adds. Default "Prediction".</summary>
    public string OutputColumnName { get; set; } = "Prediction";

    /// <summary>
    /// A label column (Boolean, or numeric above 0.5 meaning anomalous) for labelled selection; null selects without
    /// labels, by injected anomalies. Default null.
    /// </summary>
    public string? LabelColumnName { get; set; }

    /// <summary>Labelled selection: the metric to maximise. Default <see cref="SelectionMetric.EventF1"/>.</summary>
    public SelectionMetric Metric { get; set; } = SelectionMetric.EventF1;

    /// <summary>Stop starting trials after this long; null for no time limit. Default null (then MaxTrials applies).</summary>
    public TimeSpan? MaxTime { get; set; }

    /// <summary>Most trials; null for no limit (then MaxTime applies). When both are null, 12. Default null.</summary>
    public int? MaxTrials { get; set; }

    /// <summary>Detector names to consider (see <see cref="DetectorRegistry.AllDetectorNames"/>); null for all. Default null.</summary>
    public IReadOnlyList<string>? Detectors { get; set; }

    /// <summary>Share of the series, from its end, held out to judge the trials, in [0.1, 0.5]. Default 0.3.</summary>
    public double ValidationFraction { get; set; } = 0.3;

    /// <summary>
    /// How many of the best trials make the model: 1 gives the best detector itself; more gives a
    /// <see cref="DetectorEnsembleTransformer"/> of the top ones, refitted on the whole series. At least 1. Default 1.
    /// </summary>
    public int EnsembleSize { get; set; } = 1;

    /// <summary>
    /// With EnsembleSize 1: wrap the best detector so that its Score is calibrated to [0, 1) against its own training
    /// scores (a one-member <see cref="DetectorEnsembleTransformer"/>), comparable across detectors and series.
    /// Ensembles are always calibrated. Default false.
    /// </summary>
    public bool CalibrateScores { get; set; }

    /// <summary>Seed of the trial order, the injected anomalies and every fit. Default 1.</summary>
    public int Seed { get; set; } = 1;

    internal const int DefaultMaxTrials = 12;

    internal DetectorSelectionOptions Clone() => (DetectorSelectionOptions)MemberwiseClone();

    internal void Validate()
    {
        Guard.NotEmpty(InputColumnName, nameof(InputColumnName));
        Guard.NotEmpty(OutputColumnName, nameof(OutputColumnName));
        Guard.InRange(ValidationFraction, 0.1, 0.5, nameof(ValidationFraction), upperInclusive: true);
        Guard.AtLeast(EnsembleSize, 1, nameof(EnsembleSize));
        if (MaxTrials is { } trials)
        {
            Guard.AtLeast(trials, 1, nameof(MaxTrials));
        }

        if (MaxTime is { } time && time <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTime), time, "MaxTime must be positive.");
        }

        foreach (var name in Detectors ?? Array.Empty<string>())
        {
            if (!DetectorRegistry.AllDetectorNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentOutOfRangeException(nameof(Detectors), name, $"Unknown detector '{name}'. Available: {string.Join(", ", DetectorRegistry.AllDetectorNames)}.");
            }
        }
    }
}
