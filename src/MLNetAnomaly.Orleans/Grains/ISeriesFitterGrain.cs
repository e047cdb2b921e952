using MLNetAnomaly.Orleans.Contracts;

namespace MLNetAnomaly.Orleans.Grains;

/// <summary>
/// Fits a series' model from its recipe, on whichever silo Orleans places it (randomly, so fits spread over the
/// cluster), at most <see cref="Hosting.AnomalyFleetOptions.MaxConcurrentFits"/> at a time per silo.
/// </summary>
[Alias("MLNetAnomaly.Orleans.ISeriesFitterGrain")]
internal interface ISeriesFitterGrain : IGrainWithStringKey
{
    /// <summary>The fitted model's bytes.</summary>
    [Alias("Fit")]
    [ResponseTimeout("01:00:00")]
    Task<byte[]> Fit(FitRecipe recipe, float[] trainingValues);
}
