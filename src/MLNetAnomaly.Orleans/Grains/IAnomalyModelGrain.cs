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

    /// <summary>The stored model, or null when none is registered under this id.</summary>
    [Alias("GetModel")]
    Task<StoredModel?> GetModel();
}
