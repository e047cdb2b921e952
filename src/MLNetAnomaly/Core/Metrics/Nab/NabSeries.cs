namespace MLNetAnomaly.Core.Metrics.Nab;

/// <summary>One scored series of a NAB-style corpus: its timestamps, a detector's scores and the labelled windows.</summary>
/// <param name="Name">The series' path relative to the corpus' data folder, such as "realKnownCause/nyc_taxi.csv".</param>
/// <param name="Timestamps">Row timestamps, in order.</param>
/// <param name="Scores">The detector's anomaly score of each row (higher is more anomalous).</param>
/// <param name="Windows">The labelled anomaly windows, each from its first to its last timestamp inclusive.</param>
internal sealed record NabSeries(string Name, IReadOnlyList<DateTime> Timestamps, IReadOnlyList<double> Scores, IReadOnlyList<(DateTime Start, DateTime End)> Windows)
{
    /// <summary>The category: the folder part of <see cref="Name"/>.</summary>
    internal string Category => Name.Contains('/') ? Name[..Name.IndexOf('/')] : string.Empty;
}
