namespace MLNetAnomaly;

/// <summary>
/// Options of the dense autoencoder detector ("autoencoder"), reached through <c>mlContext.Transforms.DetectAnomalyByAutoencoder(...)</c>: a dense autoencoder rebuilds each window; the reconstruction error of the window ending at a row (its newest row, or the whole window) is the raw score. <see cref="DeepDetectorOptions.Layers"/> is not used.
/// See <see cref="ReconstructionDetectorOptions"/> for every option and docs/detectors.md for the method.
/// </summary>
public sealed class AutoencoderDetectorOptions : ReconstructionDetectorOptions
{
}
