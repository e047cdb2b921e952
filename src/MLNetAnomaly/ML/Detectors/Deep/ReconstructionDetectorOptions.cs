namespace MLNetAnomaly;

/// <summary>Options shared by the detectors that reconstruct windows (the autoencoders).</summary>
public abstract class ReconstructionDetectorOptions : DeepDetectorOptions
{
    /// <summary>
    /// Score a row by the reconstruction error of the whole window ending at it (root mean square over the window)
    /// instead of the error of the row itself. Default false.
    /// </summary>
    public bool ScoreWholeWindow { get; set; }
}
