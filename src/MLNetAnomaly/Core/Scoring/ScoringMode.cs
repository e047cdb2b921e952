namespace MLNetAnomaly.Core.Scoring;

/// <summary>How a scoring session will be fed, so it can size its work.</summary>
internal enum ScoringMode
{
    /// <summary>
    /// Blocks of points (a data view): blocks are padded to a fixed shape so that a point's score never depends on how
    /// many points follow it.
    /// </summary>
    Batch,

    /// <summary>One point per call (a prediction engine): work is sized to single points. Agrees with
    /// <see cref="Batch"/> to within float rounding.</summary>
    PointByPoint,

    /// <summary>
    /// One point per call, and the detector may keep an incremental state instead of recomputing over its whole
    /// context for each point (O(1) work per point) where <see cref="IFittedDetector.SupportsIncremental"/>; scores
    /// then differ slightly from <see cref="PointByPoint"/>. Detectors without such a state treat it as
    /// <see cref="PointByPoint"/>.
    /// </summary>
    Incremental,
}
