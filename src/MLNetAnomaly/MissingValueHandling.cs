namespace MLNetAnomaly;

/// <summary>What a deep detector does with missing (NaN or infinite) values in its training data.</summary>
public enum MissingValueHandling
{
    /// <summary>
    /// Train through gaps: each missing value is replaced by the last value before it in its dimension (values before
    /// the first valid one take that first valid value), as scoring already does. Missing rows are left out of the
    /// post-processing chain's calibration, and scored rows with a missing value get [0, NaN, NaN].
    /// </summary>
    CarryForward = 0,

    /// <summary>Refuse training data with a missing value, naming its row.</summary>
    Refuse = 1,
}
