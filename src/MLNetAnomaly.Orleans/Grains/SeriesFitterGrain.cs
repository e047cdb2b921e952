using MLNetAnomaly.Orleans.Contracts;
using MLNetAnomaly.Orleans.Hosting;

namespace MLNetAnomaly.Orleans.Grains;

/// <summary>Fits one series' model (see <see cref="ISeriesFitterGrain"/>); the work runs off the grain scheduler.</summary>
[global::Orleans.Placement.RandomPlacement]
internal sealed class SeriesFitterGrain(FitLimiter limiter) : Grain, ISeriesFitterGrain
{
    public async Task<byte[]> Fit(FitRecipe recipe, float[] trainingValues)
    {
        await limiter.WaitAsync();
        try
        {
            return await Task.Run(() => RecipeFitter.Fit(recipe, trainingValues));
        }
        finally
        {
            limiter.Release();
            DeactivateOnIdle();
        }
    }
}
