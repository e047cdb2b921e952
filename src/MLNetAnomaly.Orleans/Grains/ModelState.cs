using MLNetAnomaly.Orleans.Contracts;

namespace MLNetAnomaly.Orleans.Grains;

/// <summary>A model grain's persistent state: the model, once registered.</summary>
[GenerateSerializer]
[Alias("MLNetAnomaly.Orleans.ModelState")]
internal sealed class ModelState
{
    /// <summary>The registered model; null before registration.</summary>
    [Id(0)]
    public StoredModel? Model { get; set; }
}
