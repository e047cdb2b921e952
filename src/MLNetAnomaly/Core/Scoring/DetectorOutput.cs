namespace MLNetAnomaly.Core.Scoring;

/// <summary>
/// What a detector says about one point, in the layout of ML.NET's time-series detectors:
/// alert (0 or 1), score (higher is more anomalous) and p-value (lower is more anomalous).
/// </summary>
/// <param name="Alert">1 when the point is flagged, else 0.</param>
/// <param name="Score">The anomaly score; its scale is the detector's own.</param>
/// <param name="PValue">The probability of an error at least this large under the training distribution.</param>
/// <param name="Martingale">A change-point detector's martingale (its fourth slot); NaN for every other detector.</param>
internal readonly record struct DetectorOutput(double Alert, double Score, double PValue, double Martingale = double.NaN)
{
    /// <summary>The output given to points that come before a full window of history exists.</summary>
    internal static readonly DetectorOutput WarmUp = new(0, 0, 0.5);

    /// <summary>The output given to a missing (NaN or infinite) input value.</summary>
    internal static readonly DetectorOutput Missing = new(0, double.NaN, double.NaN);
}
