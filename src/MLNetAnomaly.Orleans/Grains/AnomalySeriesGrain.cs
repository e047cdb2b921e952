using System.Security.Cryptography;
using System.Runtime.InteropServices;
using MLNetAnomaly.Orleans.Contracts;
using MLNetAnomaly.Orleans.Hosting;
using MLNetAnomaly.Orleans.Observability;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Orleans.Grains;

/// <summary>
/// One series of the fleet (see <see cref="IAnomalySeriesGrain"/>). Each batch is checked whole before any point is
/// scored; the engine's checkpoint and the new position are then written to grain storage, and only then is the batch
/// acknowledged. When the write fails the grain drops its engine and deactivates, so the next call starts again from
/// what is stored: an acknowledged point is never lost, and a point is never counted twice. New series go to the silo
/// with the fewest activations, so a fleet of alike series spreads evenly.
/// </summary>
[global::Orleans.Placement.ActivationCountBasedPlacement]
internal sealed class AnomalySeriesGrain(
    [PersistentState("series", AnomalyFleet.StorageName)] IPersistentState<SeriesState> state,
    SiloModelCache models,
    FleetMetrics metrics) : Grain, IAnomalySeriesGrain
{
    private AnomalyStreamingEngine? _engine;
    private LoadedModel? _model;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        metrics.SeriesActivated();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        DropEngine();
        metrics.SeriesDeactivated();
        return Task.CompletedTask;
    }

    public Task<SeriesStatus> GetStatus()
        => Task.FromResult(new SeriesStatus { ModelId = state.State.ModelId, NextSequence = state.State.NextSequence, LastTimestamp = state.State.LastTimestamp, FittedModelId = state.State.FittedModelId });

    public async Task<SeriesBatchResult> Append(SeriesBatch batch)
    {
        var id = this.GetPrimaryKeyString();
        var stored = state.State;
        try
        {
            CheckShape(id, batch);
            if (FleetIds.IsFitted(batch.ModelId))
            {
                throw new ArgumentException($"Series '{id}': '{batch.ModelId}' is a model fitted for one series from a recipe; send the recipe's id, '{batch.ModelId[..batch.ModelId.IndexOf(FleetIds.FittedSeparator)]}'.", nameof(batch));
            }

            if (stored.ModelId is { } bound && bound != batch.ModelId)
            {
                throw new ArgumentException($"Series '{id}' is scored with model '{bound}'; the batch names model '{batch.ModelId}'.", nameof(batch));
            }

            // A recipe's series is univariate and has no model until it has its training points.
            var recipe = await models.RecipeAsync(batch.ModelId);
            var model = recipe is null ? await models.GetAsync(batch.ModelId)
                : stored.FittedModelId is { } fitted ? await models.GetAsync(fitted) : null;
            var count = batch.Timestamps.Length;
            var dimensions = model?.Description.Dimensions ?? 1;
            if (batch.Values.Length != (long)count * dimensions)
            {
                throw new ArgumentException($"Series '{id}': model '{batch.ModelId}' takes {dimensions} value(s) per point, so {count} points need {(long)count * dimensions} values; the batch has {batch.Values.Length}.", nameof(batch));
            }

            var digest = Digest(batch);
            if (batch.FirstSequence != stored.NextSequence)
            {
                if (IsLastBatch(stored, batch, digest))
                {
                    metrics.BatchReplayed();
                    return new SeriesBatchResult { FirstSequence = batch.FirstSequence, Predictions = stored.LastBatchPredictions!, Replayed = true };
                }

                throw new ArgumentException($"Series '{id}' expects sequence number {stored.NextSequence} next; the batch starts at {batch.FirstSequence}. {(batch.FirstSequence < stored.NextSequence ? "Those points were taken already (only the last batch, resent unchanged, is answered again)." : "Points before it are missing.")}", nameof(batch));
            }

            CheckTimestamps(id, batch, stored.LastTimestamp);
            if (model is not null && stored.ModelSha256 is { } sha && sha != model.Description.Sha256)
            {
                metrics.BatchFailed("state");
                throw new InvalidOperationException($"Series '{id}' was checkpointed with another model stored under '{model.Description.ModelId}' (SHA-256 {sha[..12]}..., now {model.Description.Sha256[..12]}...); its state cannot continue.");
            }

            return await ScoreAndStore(id, batch, model, recipe, digest);
        }
        catch (ArgumentException)
        {
            metrics.BatchFailed("refused");
            throw;
        }
    }

    private async Task<SeriesBatchResult> ScoreAndStore(string id, SeriesBatch batch, LoadedModel? model, FitRecipe? recipe, byte[] digest)
    {
        var stored = state.State;
        var count = batch.Timestamps.Length;
        var predictions = new AnomalyPrediction[count];
        byte[]? checkpoint = null;
        var writing = false;
        try
        {
            var taken = 0;
            var (fittedId, training) = (stored.FittedModelId, stored.TrainingValues);
            if (recipe is not null && fittedId is null)
            {
                // Collect the training points (warm-up predictions); with enough, fit the series' model elsewhere in the
                // cluster, store it once, and run the new engine over the training points to build its state.
                taken = Math.Min(recipe.TrainingPoints - (training?.Length ?? 0), count);
                training = (training ?? Array.Empty<float>()).Concat(batch.Values.Take(taken)).ToArray();
                predictions.AsSpan(0, taken).Fill(WarmUp);
                if (training.Length == recipe.TrainingPoints)
                {
                    // A refit after a failure reuses the model already stored for these points, if any.
                    var trainingDigest = SHA256.HashData(MemoryMarshal.AsBytes(training.AsSpan()));
                    fittedId = FleetIds.Fitted(batch.ModelId, id, trainingDigest);
                    var fittedModels = GrainFactory.GetGrain<IAnomalyModelGrain>(fittedId);
                    if (await fittedModels.FindFitted(trainingDigest) is null)
                    {
                        var bytes = await GrainFactory.GetGrain<ISeriesFitterGrain>(id).Fit(recipe, training);
                        await fittedModels.RegisterFitted(bytes, trainingDigest);
                    }

                    model = await models.GetAsync(fittedId);
                    var engine = NewEngine(model);
                    foreach (var value in training)
                    {
                        engine.Predict(value);
                    }

                    training = null;
                }
            }

            if (model is not null)
            {
                var engine = Engine(id, model, stored);
                var dimensions = model.Description.Dimensions;
                var values = batch.Values.AsSpan();
                for (var i = taken; i < count; i++)
                {
                    predictions[i] = engine.Predict(values.Slice(i * dimensions, dimensions));
                }

                using var buffer = new MemoryStream();
                engine.Checkpoint(buffer);
                checkpoint = buffer.ToArray();
            }

            state.State = stored with
            {
                ModelId = batch.ModelId,
                ModelSha256 = model?.Description.Sha256,
                NextSequence = stored.NextSequence + count,
                LastTimestamp = batch.Timestamps[^1],
                Checkpoint = checkpoint,
                LastBatchFirst = batch.FirstSequence,
                LastBatchDigest = digest,
                LastBatchPredictions = predictions,
                FittedModelId = fittedId,
                TrainingValues = training,
            };
            writing = true;
            await state.WriteStateAsync();
        }
        catch (Exception exception)
        {
            // The engine has moved past what is stored, and storage may or may not hold the new state: forget both,
            // so the next call (on a new activation) starts from what is stored. The client resends the batch.
            state.State = stored;
            DropEngine();
            DeactivateOnIdle();
            if (exception is not ArgumentException)
            {
                // A refusal (a recipe that cannot fit) is counted by Append; else the write, or the scoring or fitting.
                metrics.BatchFailed(writing ? "storage" : "scoring");
            }

            throw;
        }

        metrics.BatchStored(count, checkpoint?.Length ?? 0);
        return new SeriesBatchResult { FirstSequence = batch.FirstSequence, Predictions = predictions };
    }

    // What a point of a recipe's training stretch gets, as a detector's warm-up: no alert, score 0, p-value 0.5.
    private static readonly AnomalyPrediction WarmUp = new(false, 0, 0.5, double.NaN, double.NaN);

    // A fresh engine over a model, kept as this activation's engine.
    private AnomalyStreamingEngine NewEngine(LoadedModel model)
    {
        DropEngine();
        var engine = models.CreateEngine(model);
        (_engine, _model) = (engine, model);
        return engine;
    }

    // The engine, created on the first batch of an activation and restored from the stored checkpoint.
    private AnomalyStreamingEngine Engine(string id, LoadedModel model, SeriesState stored)
    {
        if (_engine is not null && ReferenceEquals(_model, model))
        {
            return _engine;
        }

        var engine = NewEngine(model);
        if (stored.Checkpoint is { } checkpoint)
        {
            try
            {
                using var stream = new MemoryStream(checkpoint, writable: false);
                engine.Restore(stream);
            }
            catch (InvalidDataException exception)
            {
                DropEngine();
                throw new InvalidOperationException($"Series '{id}': its stored checkpoint does not restore into model '{model.Description.ModelId}': {exception.Message}", exception);
            }
        }

        return engine;
    }

    private void DropEngine()
    {
        _engine?.Dispose();
        (_engine, _model) = (null, null);
    }

    private static void CheckShape(string id, SeriesBatch batch)
    {
        if (batch is null)
        {
            throw new ArgumentNullException(nameof(batch), $"Series '{id}': the batch is null.");
        }

        if (string.IsNullOrWhiteSpace(batch.ModelId))
        {
            throw new ArgumentException($"Series '{id}': the batch names no model.", nameof(batch));
        }

        if (batch.ModelId.Length > AnomalyFleet.MaxIdLength || id.Length > AnomalyFleet.MaxIdLength)
        {
            throw new ArgumentException($"Series '{(id.Length > 40 ? id[..40] + "..." : id)}': series and model ids may have at most {AnomalyFleet.MaxIdLength} characters.", nameof(batch));
        }

        if (batch.Timestamps is null || batch.Values is null || batch.Timestamps.Length == 0)
        {
            throw new ArgumentException($"Series '{id}': the batch has no points (it needs timestamps and values).", nameof(batch));
        }

        if (batch.Timestamps.Length > AnomalyFleet.MaxBatchPoints)
        {
            throw new ArgumentException($"Series '{id}': the batch has {batch.Timestamps.Length:N0} points; at most {AnomalyFleet.MaxBatchPoints:N0} are accepted at once.", nameof(batch));
        }

        if (batch.FirstSequence < 0)
        {
            throw new ArgumentException($"Series '{id}': the first sequence number must not be negative; it was {batch.FirstSequence}.", nameof(batch));
        }
    }

    private static void CheckTimestamps(string id, SeriesBatch batch, DateTime? last)
    {
        var previous = last;
        for (var i = 0; i < batch.Timestamps.Length; i++)
        {
            var timestamp = batch.Timestamps[i];
            if (previous is { } before && timestamp <= before)
            {
                throw new ArgumentException($"Series '{id}': point {batch.FirstSequence + i} has timestamp {timestamp:O}, not after {(i == 0 ? "the series' last point" : "the point before it")} ({before:O}). Points must arrive in strictly increasing time.", nameof(batch));
            }

            previous = timestamp;
        }
    }

    private static bool IsLastBatch(SeriesState stored, SeriesBatch batch, byte[] digest)
        => stored.LastBatchPredictions is { } predictions
            && batch.FirstSequence == stored.LastBatchFirst
            && batch.Timestamps.Length == predictions.Length
            && stored.NextSequence == stored.LastBatchFirst + predictions.Length
            && stored.LastBatchDigest is { } last
            && CryptographicOperations.FixedTimeEquals(last, digest);

    // SHA-256 of the batch's timestamps (ticks) and values (bits), to tell a resent batch from a different one.
    private static byte[] Digest(SeriesBatch batch)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes(MemoryMarshal.Cast<DateTime, long>(batch.Timestamps.AsSpan())));
        hash.AppendData(MemoryMarshal.AsBytes(batch.Values.AsSpan()));
        return hash.GetHashAndReset();
    }
}
