namespace MLNetAnomaly;

/// <summary>
/// Which deviations the IID spike detector flags. The same meaning as ML.NET's <c>AnomalySide</c>; a separate type
/// so that projects referencing both packages see no ambiguity.
/// </summary>
public enum SpikeSide
{
    /// <summary>Values unusually high or unusually low.</summary>
    TwoSided = 0,

    /// <summary>Only values unusually high.</summary>
    Positive = 1,

    /// <summary>Only values unusually low.</summary>
    Negative = 2,
}
