namespace MLNetAnomaly;

/// <summary>
/// Options of the LSTM detector ("lstm"), reached through <c>mlContext.Transforms.DetectAnomalyByLstm(...)</c>: a stacked LSTM (Hochreiter and Schmidhuber 1997) reads each window of <see cref="DeepDetectorOptions.WindowSize"/> rows and forecasts the next row; the forecast error is the raw score.
/// See <see cref="ForecastDetectorOptions"/> for every option and docs/detectors.md for the method.
/// </summary>
public sealed class LstmDetectorOptions : ForecastDetectorOptions
{
}
