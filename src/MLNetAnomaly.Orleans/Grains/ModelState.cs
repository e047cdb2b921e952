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

    /// <summary>The registered recipe, when the id names one instead of a fitted model.</summary>
    [Id(1)]
    public FitRecipe? Recipe { get; set; }
}
