using MLNetAnomaly.Orleans.Contracts;

namespace MLNetAnomaly.Orleans.Grains;

/// <summary>
/// A fitted model of the fleet, keyed by its id, stored once (an ML.NET model zip) and loaded once per silo by every
/// series grain that uses it. A model id names one model for good: registering other bytes under it is refused, so
/// a stored checkpoint always meets the model it was made with.
/// </summary>
[Alias("MLNetAnomaly.Orleans.IAnomalyModelGrain")]
public interface IAnomalyModelGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the model after checking that it loads and is a detector a streaming engine can run; registering the
    /// same bytes again does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The bytes are not such a model, or the id already names another model.</exception>
    [Alias("Register")]
    Task<ModelDescription> Register(byte[] model);

    /// <summary>
    /// Stores a recipe under this id: each series bound to it gets a model fitted on its own first points. Registering
    /// an equal recipe again does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The recipe is invalid, or the id already names a model or another recipe.</exception>
    [Alias("RegisterRecipe")]
    Task<ModelDescription> RegisterRecipe(FitRecipe recipe);

    /// <summary>
    /// Stores a model a series grain fitted from a recipe (its id is <c>RECIPE@SERIES#DIGEST</c>, kept for this use) with the
    /// digest of the points it was fitted on. When the id already holds a model fitted on the same points (a refit after
    /// a failure), that one is kept, so every point of the series is scored by one model.
    /// </summary>
    /// <exception cref="InvalidOperationException">The id holds a model fitted on other points.</exception>
    /// <exception cref="ArgumentException">The id is not of the form kept for fitted models.</exception>
    [Alias("RegisterFitted")]
    Task<ModelDescription> RegisterFitted(byte[] model, byte[] trainingDigest);

    /// <summary>The stored model's description when it was fitted on points of this digest; else null (nothing to reuse). Only for fitted models' ids.</summary>
    [Alias("FindFitted")]
    Task<ModelDescription?> FindFitted(byte[] trainingDigest);

    /// <summary>The stored model, or null when none is registered under this id.</summary>
    [Alias("GetModel")]
    Task<StoredModel?> GetModel();

    /// <summary>The stored recipe, or null when the id names none.</summary>
    [Alias("GetRecipe")]
    Task<FitRecipe?> GetRecipe();
}
