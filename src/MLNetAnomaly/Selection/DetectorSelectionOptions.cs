using MLNetAnomaly.Core.Validation;

namespace MLNetAnomaly.Selection;

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
    private List<SelectionCandidate> _candidates = new();

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
    /// Your own detectors to try next to the library's, each a family of its own in the trial order (for example an
    /// ML.NET estimator wrapped with <see cref="MLNetAnomalyCatalog.AsDetector"/>). They can be chosen as the
    /// best model; ensembles only combine the library's detectors. Default empty.
    /// </summary>
    public IList<SelectionCandidate> Candidates => _candidates;

    /// <summary>
    /// Successive halving over epochs for the deep detectors (Li et al. 2018): every deep trial first trains a third
    /// of its epochs; only the best third of them (at least one) then trains in full, so the budget goes to promising
    /// networks. False trains every deep trial in full. Default true.
    /// </summary>
    public bool SuccessiveHalving { get; set; } = true;

    /// <summary>
    /// Trials run at once, each on its own thread with libtorch's threads shared out between them. libtorch's thread
    /// count is process-wide: during the run it is lowered for the whole process (other TorchSharp work running
    /// meanwhile gets it too), and the previous count is restored afterwards. Results do not depend on it. At least 1.
    /// Default 1.
    /// </summary>
    public int MaxParallelTrials { get; set; } = 1;

    /// <summary>Seed of the trial order, the injected anomalies and every fit. Default 1.</summary>
    public int Seed { get; set; } = 1;

    internal const int DefaultMaxTrials = 12;

    internal DetectorSelectionOptions Clone()
    {
        var copy = (DetectorSelectionOptions)MemberwiseClone();
        copy._candidates = new List<SelectionCandidate>(_candidates);
        return copy;
    }

    internal void Validate()
    {
        Guard.NotEmpty(InputColumnName, nameof(InputColumnName));
        Guard.NotEmpty(OutputColumnName, nameof(OutputColumnName));
        Guard.InRange(ValidationFraction, 0.1, 0.5, nameof(ValidationFraction), upperInclusive: true);
        Guard.AtLeast(EnsembleSize, 1, nameof(EnsembleSize));
        Guard.AtLeast(MaxParallelTrials, 1, nameof(MaxParallelTrials));
        if (_candidates.Any(c => c is null))
        {
            throw new ArgumentException("Candidates holds a null entry.", nameof(Candidates));
        }
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
