using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using MLNetAnomaly.Orleans.Contracts;
using MLNetAnomaly.Orleans.Grains;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Orleans.Hosting;

/// <summary>
/// The fitted models of one silo: each model id is fetched from its model grain and loaded once, then shared by every
/// series grain on the silo (a fitted model is only read while scoring, so its engines may share it). Models stay
/// loaded while the silo runs.
/// </summary>
internal sealed class SiloModelCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedModel>>> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FitRecipe> _recipes = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly AnomalyFleetOptions _options;

    public SiloModelCache(IGrainFactory grains, IOptions<AnomalyFleetOptions> options)
    {
        _grains = grains;
        _options = options.Value;
        if (_options.TorchThreads is { } threads)
        {
            TorchNativeSupport.EnsureLoadable();
            TorchSharp.torch.set_num_threads(Math.Max(1, threads));
        }
    }

    /// <summary>The recipe registered under <paramref name="modelId"/>, or null when the id names a fitted model.</summary>
    /// <exception cref="ArgumentException">The id names neither.</exception>
    public async Task<FitRecipe?> RecipeAsync(string modelId)
    {
        if (_recipes.TryGetValue(modelId, out var known))
        {
            return known;
        }

        if (_models.TryGetValue(modelId, out var loaded) && loaded.IsValueCreated && loaded.Value.IsCompletedSuccessfully)
        {
            return null;
        }

        var recipe = await _grains.GetGrain<IAnomalyModelGrain>(modelId).GetRecipe().ConfigureAwait(false);
        if (recipe is not null)
        {
            _recipes[modelId] = recipe;
            return recipe;
        }

        await GetAsync(modelId).ConfigureAwait(false); // names an unknown id
        return null;
    }

    /// <summary>The model registered under <paramref name="modelId"/>, loaded on this silo.</summary>
    /// <exception cref="ArgumentException">No model is registered under the id.</exception>
    public async Task<LoadedModel> GetAsync(string modelId)
    {
        var entry = _models.GetOrAdd(modelId, id => new Lazy<Task<LoadedModel>>(() => LoadAsync(id)));
        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failed load (an unknown model, storage unavailable) is not remembered: the next call tries again.
            _models.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedModel>>>(modelId, entry));
            throw;
        }
    }

    /// <summary>A new streaming engine over <paramref name="model"/> with the fleet's engine settings.</summary>
    public AnomalyStreamingEngine CreateEngine(LoadedModel model) => new MLContext().AnomalyDetection.CreateStreamingEngine(model.Transformer, _options.Engine);

    private async Task<LoadedModel> LoadAsync(string modelId)
    {
        var stored = await _grains.GetGrain<IAnomalyModelGrain>(modelId).GetModel().ConfigureAwait(false)
            ?? throw new ArgumentException($"No model is registered under the id '{modelId}'; register it first (AnomalyFleetClient.RegisterModelAsync).", "ModelId");
        return LoadedModel.Load(stored);
    }

    public void Dispose()
    {
        foreach (var entry in _models.Values.Where(e => e.IsValueCreated && e.Value.IsCompletedSuccessfully))
        {
            (entry.Value.Result.Transformer as IDisposable)?.Dispose();
        }

        _models.Clear();
    }
}

/// <summary>A fitted model loaded in this process, with its description.</summary>
internal sealed record LoadedModel(ModelDescription Description, ITransformer Transformer)
{
    /// <summary>Loads a model zip and checks that a streaming engine can run it.</summary>
    /// <exception cref="ArgumentException">The bytes are not an ML.NET model, or not a detector a streaming engine runs.</exception>
    public static LoadedModel Load(StoredModel stored) => Load(stored.Description.ModelId, stored.Model, stored.Description.Sha256);

    /// <summary>Loads a model zip, checks it and describes it.</summary>
    public static LoadedModel Load(string modelId, byte[] bytes, string sha256)
    {
        var ml = new MLContext();
        ITransformer transformer;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            transformer = ml.Model.Load(stream, out _);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new ArgumentException($"Model '{modelId}' is not an ML.NET model zip that loads here: {exception.Message}", "model", exception);
        }

        try
        {
            using var engine = ml.AnomalyDetection.CreateStreamingEngine(transformer);
            var description = new ModelDescription { ModelId = modelId, Dimensions = engine.Dimensions, WarmUpLength = engine.WarmUpLength, Sha256 = sha256, Bytes = bytes.Length };
            return new LoadedModel(description, transformer);
        }
        catch (ArgumentException exception)
        {
            (transformer as IDisposable)?.Dispose();
            throw new ArgumentException($"Model '{modelId}' cannot serve a series: {exception.Message}", "model", exception);
        }
    }
}
