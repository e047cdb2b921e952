namespace MLNetAnomaly;

/// <summary>
/// Options of the temporal CNN detector ("cnn"), reached through <c>mlContext.Transforms.DetectAnomalyByCnn(...)</c>: two 1-D convolutions over each window forecast the next row, in the spirit of DeepAnT (Munir et al. 2019); the forecast error is the raw score. <see cref="DeepDetectorOptions.HiddenSize"/> is the number of channels; <see cref="DeepDetectorOptions.Layers"/> is not used.
/// See <see cref="ForecastDetectorOptions"/> for every option and docs/detectors.md for the method.
/// </summary>
public sealed class CnnDetectorOptions : ForecastDetectorOptions
{
}
