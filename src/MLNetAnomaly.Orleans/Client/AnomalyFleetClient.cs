using Microsoft.ML;
using MLNetAnomaly.Orleans.Contracts;
using MLNetAnomaly.Orleans.Grains;

namespace MLNetAnomaly.Orleans.Client;

/// <summary>
/// The client side of a fleet: registers fitted models and opens writers for series. Works from an Orleans client
/// (<c>IClusterClient</c>) or from inside a silo (any <see cref="IGrainFactory"/>).
/// </summary>
public sealed class AnomalyFleetClient
{
    private readonly IGrainFactory _grains;

    /// <summary>A client over <paramref name="grains"/>.</summary>
    /// <param name="grains">An Orleans client or grain factory.</param>
    public AnomalyFleetClient(IGrainFactory grains) => _grains = grains ?? throw new ArgumentNullException(nameof(grains));

    /// <summary>Stores a fitted model (an ML.NET model zip) under <paramref name="modelId"/>, once for every series that uses it.</summary>
    /// <param name="modelId">The model's id; it names this model for good.</param>
    /// <param name="modelZip">The bytes of a model saved by <c>mlContext.Model.Save</c>.</param>
    /// <exception cref="ArgumentException">The bytes are not a detector a streaming engine runs, or the id names another model.</exception>
    public Task<ModelDescription> RegisterModelAsync(string modelId, byte[] modelZip)
    {
        AnomalyFleet.CheckId(modelId, "model", nameof(modelId));
        ArgumentNullException.ThrowIfNull(modelZip);
        return _grains.GetGrain<IAnomalyModelGrain>(modelId).Register(modelZip);
    }

    /// <summary>Stores a fitted detector under <paramref name="modelId"/> (see <see cref="RegisterModelAsync(string, byte[])"/>).</summary>
    /// <param name="modelId">The model's id; it names this model for good.</param>
    /// <param name="model">A fitted detector (one of MLNetAnomaly's, or a chain holding only one).</param>
    public Task<ModelDescription> RegisterModelAsync(string modelId, ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var stream = new MemoryStream();
        new MLContext().Model.Save(model, null, stream);
        return RegisterModelAsync(modelId, stream.ToArray());
    }

    /// <summary>
    /// Stores a recipe under <paramref name="modelId"/>: every series opened with this id gets its own model, fitted on
    /// its first <see cref="FitRecipe.TrainingPoints"/> points (warm-up predictions until then), somewhere in the cluster.
    /// </summary>
    /// <param name="modelId">The recipe's id; it names this recipe for good.</param>
    /// <param name="recipe">What to fit, on how many points.</param>
    /// <exception cref="ArgumentException">The recipe is invalid, or the id names a model or another recipe.</exception>
    public Task<ModelDescription> RegisterRecipeAsync(string modelId, FitRecipe recipe)
    {
        AnomalyFleet.CheckId(modelId, "recipe", nameof(modelId));
        ArgumentNullException.ThrowIfNull(recipe);
        recipe.Validate();
        return _grains.GetGrain<IAnomalyModelGrain>(modelId).RegisterRecipe(recipe);
    }

    /// <summary>
    /// A writer for one series: it numbers the points it sends and resends a batch whose reply was lost, so each point
    /// is taken exactly once (see <see cref="SeriesWriter"/>).
    /// </summary>
    /// <param name="seriesId">The series' id (the grain's key).</param>
    /// <param name="modelId">The registered model the series is scored with.</param>
    /// <param name="retry">How long to keep resending while the cluster recovers; default 2 minutes.</param>
    public SeriesWriter OpenSeries(string seriesId, string modelId, TimeSpan? retry = null)
    {
        AnomalyFleet.CheckId(seriesId, "series", nameof(seriesId));
        AnomalyFleet.CheckId(modelId, "model", nameof(modelId));
        if (retry is { } time && (time < TimeSpan.Zero || time > TimeSpan.FromDays(1)))
        {
            throw new ArgumentOutOfRangeException(nameof(retry), $"The retry time must be between 0 and 1 day; it was {time}.");
        }

        return new SeriesWriter(_grains.GetGrain<IAnomalySeriesGrain>(seriesId), seriesId, modelId, retry ?? TimeSpan.FromMinutes(2));
    }

    /// <summary>Where a series stands, as stored.</summary>
    /// <param name="seriesId">The series' id.</param>
    public Task<SeriesStatus> GetStatusAsync(string seriesId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(seriesId);
        return _grains.GetGrain<IAnomalySeriesGrain>(seriesId).GetStatus();
    }
}
