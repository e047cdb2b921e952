namespace MLNetAnomaly.Core.Scoring;

/// <summary>
/// A fitted detector, free of ML.NET types: it knows how many past points it needs and creates scoring sessions,
/// each of which walks one series in order.
/// </summary>
internal interface IFittedDetector : IDisposable
{
    /// <summary>How many points must precede a point before it gets a real score.</summary>
    int WarmUpLength { get; }

    /// <summary>Values per point (1 for a univariate series).</summary>
    int Dimensions { get; }

    /// <summary>Starts scoring a new series from its first point, fed as <paramref name="mode"/> says.</summary>
    IDetectorSession CreateSession(ScoringMode mode);

    /// <summary>True when <see cref="ScoringMode.Incremental"/> sessions keep an incremental state (recurrent forecasters).</summary>
    bool SupportsIncremental => false;

    /// <summary>
    /// True when sessions can also give each point's expected value (the forecast of a forecaster, the
    /// reconstruction of an autoencoder), in the input's units.
    /// </summary>
    bool ProvidesExpectedValues { get; }
}

/// <summary>
/// The state of one series being scored in order. Each call continues where the previous one stopped, and a
/// point's output depends only on that point and the points before it.
/// </summary>
internal interface IDetectorSession : IDisposable
{
    /// <summary>Scores the next <paramref name="outputs"/>.Length points of the series.</summary>
    /// <param name="values">
    /// The next points, oldest first, row-major: each point's values (one per dimension) are adjacent.
    /// A point with a NaN or infinite value is treated as missing.
    /// </param>
    /// <param name="outputs">Receives one output per point.</param>
    /// <param name="expected">
    /// Empty, or room for each point's expected values (laid out like <paramref name="values"/>), which are NaN
    /// where the detector has none (warm-up rows, or a detector that does not provide them).
    /// </param>
    void Score(ReadOnlySpan<float> values, Span<DetectorOutput> outputs, Span<float> expected);

    /// <summary>Writes everything the session has learned from the points so far (a streaming checkpoint).</summary>
    void SaveState(BinaryWriter writer);

    /// <summary>
    /// Replaces the session's state with one written by <see cref="SaveState"/> of a session of the same detector,
    /// so that it continues exactly where that session stopped. Throws <see cref="InvalidDataException"/> when the
    /// state does not fit this detector.
    /// </summary>
    void RestoreState(BinaryReader reader);
}
