namespace MLNetAnomaly;

/// <summary>
/// Options of the GRU detector ("gru"), reached through <c>mlContext.Transforms.DetectAnomalyByGru(...)</c>: a stacked GRU (gated recurrent units, Cho et al. 2014) reads each window and forecasts the next row; the forecast error is the raw score.
/// See <see cref="ForecastDetectorOptions"/> for every option and docs/detectors.md for the method.
/// </summary>
public sealed class GruDetectorOptions : ForecastDetectorOptions
{
}
