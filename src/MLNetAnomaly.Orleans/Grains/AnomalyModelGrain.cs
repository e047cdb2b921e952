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

    public async Task<ModelDescription> Register(byte[] model)
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
        state.State = new ModelState { Model = new StoredModel { Description = loaded.Description, Model = model } };
        await state.WriteStateAsync();
        return loaded.Description;
    }

    public Task<StoredModel?> GetModel() => Task.FromResult(state.State.Model);
}
