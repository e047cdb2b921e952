namespace MLNetAnomaly.Cli.Benchmarking;

/// <summary>One labelled series of a benchmark corpus.</summary>
/// <param name="Name">Path relative to the corpus, such as "realKnownCause/nyc_taxi.csv".</param>
/// <param name="Category">The group the series belongs to (its folder, or its file-name prefix).</param>
/// <param name="Timestamps">Row timestamps.</param>
/// <param name="ChannelNames">Names of the value columns.</param>
/// <param name="Channels">Values, one array per channel, each as long as <paramref name="Timestamps"/>.</param>
/// <param name="Labels">True where a row is anomalous (inside a NAB window, or labelled 1).</param>
/// <param name="NabWindows">NAB's windows, when the corpus is NAB; null otherwise.</param>
/// <param name="TrainingRows">
/// Rows, from the start, the corpus itself says to fit on (a train file before its test file, or UCR's training length
/// in the file name); null to use the benchmark's rule (NAB's probationary rows, or the train fraction).
/// </param>
internal sealed record BenchmarkSeries(
    string Name,
    string Category,
    IReadOnlyList<DateTime> Timestamps,
    IReadOnlyList<string> ChannelNames,
    IReadOnlyList<float[]> Channels,
    bool[] Labels,
    IReadOnlyList<(DateTime Start, DateTime End)>? NabWindows,
    int? TrainingRows = null)
{
    /// <summary>Rows in the series.</summary>
    internal int Length => Timestamps.Count;
}
