using System.Security.Cryptography;
using MLNetAnomaly.Orleans.Contracts;
using MLNetAnomaly.Orleans.Hosting;

namespace MLNetAnomaly.Orleans.Grains;

/// <summary>Stores one fitted model of the fleet (see <see cref="IAnomalyModelGrain"/>).</summary>
internal sealed class AnomalyModelGrain(
    [PersistentState("model", AnomalyFleet.StorageName)] IPersistentState<ModelState> state) : Grain, IAnomalyModelGrain
{
    /// <summary>The largest model accepted: far beyond our networks' zips, far below Orleans' message limit.</summary>
    internal const int MaximumModelBytes = 64 * 1024 * 1024;

    public Task<ModelDescription> Register(byte[] model)
    {
        if (FleetIds.IsFitted(this.GetPrimaryKeyString()))
        {
            throw new ArgumentException($"Model ids containing '{FleetIds.FittedSeparator}' are kept for the models series fit from recipes; choose another id than '{this.GetPrimaryKeyString()}'.", nameof(model));
        }

        return Register(model, null);
    }

    private async Task<ModelDescription> Register(byte[] model, byte[]? trainingDigest)
    {
        var id = this.GetPrimaryKeyString();
        if (model is null || model.Length == 0)
        {
            throw new ArgumentException($"Model '{id}': the model bytes are empty.", nameof(model));
        }

        if (model.Length > MaximumModelBytes)
        {
            throw new ArgumentException($"Model '{id}' is {model.Length:N0} bytes; at most {MaximumModelBytes:N0} are accepted.", nameof(model));
        }

        var sha256 = Convert.ToHexString(SHA256.HashData(model));
        if (state.State.Recipe is not null)
        {
            throw new ArgumentException($"The model id '{id}' names a recipe; register this model under a new id.", nameof(model));
        }

        if (state.State.Model is { } stored)
        {
            if (stored.Description.Sha256 == sha256)
            {
                return stored.Description;
            }

            throw new ArgumentException($"The model id '{id}' already names another model (SHA-256 {stored.Description.Sha256[..12]}..., this one {sha256[..12]}...). A model id names one model for good, so that stored checkpoints always meet their model: register this one under a new id.", nameof(model));
        }

        var loaded = LoadedModel.Load(id, model, sha256);
        (loaded.Transformer as IDisposable)?.Dispose();
        await Store(new ModelState { Model = new StoredModel { Description = loaded.Description, Model = model, TrainingDigest = trainingDigest } });
        return loaded.Description;
    }

    public async Task<ModelDescription> RegisterRecipe(FitRecipe recipe)
    {
        var id = this.GetPrimaryKeyString();
        ArgumentNullException.ThrowIfNull(recipe);
        try
        {
            recipe.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"Recipe '{id}': {exception.Message}", nameof(recipe), exception);
        }

        if (FleetIds.IsFitted(id))
        {
            throw new ArgumentException($"Model ids containing '{FleetIds.FittedSeparator}' are kept for the models series fit from recipes; choose another id than '{id}'.", nameof(recipe));
        }

        var description = Describe(id, recipe);
        if (state.State.Model is not null)
        {
            throw new ArgumentException($"The model id '{id}' names a fitted model; register this recipe under a new id.", nameof(recipe));
        }

        if (state.State.Recipe is { } stored)
        {
            return Describe(id, stored).Sha256 == description.Sha256
                ? description
                : throw new ArgumentException($"The model id '{id}' already names another recipe. An id names one recipe for good: register this one under a new id.", nameof(recipe));
        }

        await Store(new ModelState { Recipe = recipe });
        return description;
    }

    public async Task<ModelDescription> RegisterFitted(byte[] model, byte[] trainingDigest)
    {
        ArgumentNullException.ThrowIfNull(trainingDigest);
        RequireFittedId();
        if (state.State.Model is { } stored)
        {
            // A refit after a failure: the first model stands if it was fitted on the same points.
            return stored.TrainingDigest is { } digest && digest.AsSpan().SequenceEqual(trainingDigest)
                ? stored.Description
                : throw new InvalidOperationException($"Model '{this.GetPrimaryKeyString()}' was fitted on other training points than these; the series' stored state and its model disagree.");
        }

        return await Register(model, trainingDigest);
    }

    public Task<ModelDescription?> FindFitted(byte[] trainingDigest)
        => RequireFittedId() ? Task.FromResult(state.State.Model is { TrainingDigest: { } digest } stored && digest.AsSpan().SequenceEqual(trainingDigest) ? stored.Description : null) : Task.FromResult<ModelDescription?>(null);

    // Only the ids kept for fitted models (RECIPE@SERIES#DIGEST) hold models that series fit.
    private bool RequireFittedId() => FleetIds.IsFitted(this.GetPrimaryKeyString())
        ? true
        : throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a fitted model's id (RECIPE@SERIES#DIGEST); register models with Register.");

    // Writes the new state; on failure the grain keeps the old one and deactivates, so it is read again from storage.
    private async Task Store(ModelState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<StoredModel?> GetModel() => Task.FromResult(state.State.Model);

    public Task<FitRecipe?> GetRecipe() => Task.FromResult(state.State.Recipe);

    // A recipe's description: one value per point, its training points as warm-up, a digest of its settings.
    private static ModelDescription Describe(string id, FitRecipe recipe)
    {
        var canonical = string.Join("\u001f", recipe.TrainingPoints, recipe.Detector.ToLowerInvariant(), string.Join(",", (recipe.Candidates ?? Array.Empty<string>()).Select(c => c.ToLowerInvariant())), recipe.MaxTrials, recipe.Seed);
        return new ModelDescription { ModelId = id, Dimensions = 1, WarmUpLength = recipe.TrainingPoints, Sha256 = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical))), Bytes = 0 };
    }
}
