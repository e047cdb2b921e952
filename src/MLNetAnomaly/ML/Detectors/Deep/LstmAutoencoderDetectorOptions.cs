namespace MLNetAnomaly;

/// <summary>
/// Options of the LSTM autoencoder detector ("lstm-autoencoder"), reached through <c>mlContext.Transforms.DetectAnomalyByLstmAutoencoder(...)</c>: an LSTM encoder-decoder (EncDec-AD, Malhotra et al. 2016) rebuilds each window; the reconstruction error of the window ending at a row is the raw score.
/// See <see cref="ReconstructionDetectorOptions"/> for every option and docs/detectors.md for the method.
/// </summary>
public sealed class LstmAutoencoderDetectorOptions : ReconstructionDetectorOptions
{
}
