using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// How ML.NET's IID and SSA detectors turn a stream of raw scores into their outputs: the spike rule
/// (<see cref="SpikeRule"/>) or the change point rule (<see cref="ChangePointRule"/>).
/// </summary>
internal interface IScoreRule
{
    /// <summary>Starts the rule's state for a new series.</summary>
    IScoreTracker CreateTracker();
}

/// <summary>A rule's state along one series.</summary>
internal interface IScoreTracker
{
    /// <summary>
    /// Judges <paramref name="score"/> (in single precision, as ML.NET keeps raw scores) against the scores before it
    /// and remembers it; <paramref name="scoreSlot"/> is what the Raw Score slot reports.
    /// </summary>
    DetectorOutput Next(float score, double scoreSlot);

    /// <summary>Writes the state.</summary>
    void SaveState(BinaryWriter writer);

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    void RestoreState(BinaryReader reader);
}
