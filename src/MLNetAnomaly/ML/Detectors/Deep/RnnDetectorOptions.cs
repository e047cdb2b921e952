namespace MLNetAnomaly;

/// <summary>
/// Options of the Elman RNN detector ("rnn"), reached through <c>mlContext.Transforms.DetectAnomalyByRnn(...)</c>: a stacked Elman RNN (tanh) reads each window and forecasts the next row; the forecast error is the raw score.
/// See <see cref="ForecastDetectorOptions"/> for every option and docs/detectors.md for the method.
/// </summary>
public sealed class RnnDetectorOptions : ForecastDetectorOptions
{
}
