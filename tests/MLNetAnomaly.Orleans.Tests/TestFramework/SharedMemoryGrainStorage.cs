using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace MLNetAnomaly.Orleans.Tests.TestFramework;

/// <summary>
/// Grain storage for tests that outlives a silo: states are kept serialized in one dictionary of the test process,
/// which every in-process silo of a cluster shares (Orleans' own memory storage lives in a silo and dies with it).
/// ETags are checked as a real store checks them. Writes can be made to fail, per cluster, to test the grains' rollback.
/// </summary>
internal sealed class SharedMemoryGrainStorage(Serializer serializer, IOptions<ClusterOptions> cluster) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, (byte[] State, string ETag)> Store = new();
    private static readonly ConcurrentDictionary<string, int> FailingWrites = new();
    private static long _version;

    private readonly string _service = cluster.Value.ServiceId;

    /// <summary>Makes the next <paramref name="count"/> writes of the cluster <paramref name="serviceId"/> throw.</summary>
    public static void FailNextWrites(string serviceId, int count) => FailingWrites[serviceId] = count;

    /// <summary>Writes that succeeded, per cluster.</summary>
    public static int Writes(string serviceId) => WriteCounts.GetValueOrDefault(serviceId);

    private static readonly ConcurrentDictionary<string, int> WriteCounts = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Store.TryGetValue(Key(stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.State);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (FailingWrites.TryGetValue(_service, out var failing) && failing > 0 && FailingWrites.TryUpdate(_service, failing - 1, failing))
        {
            throw new IOException("Injected storage failure (test).");
        }

        var key = Key(stateName, grainId);
        var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bytes = serializer.SerializeToArray(grainState.State);
        lock (Store)
        {
            var current = Store.TryGetValue(key, out var stored) ? stored.ETag : null;
            if (current != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch for {key}: stored {current}, given {grainState.ETag}.", current, grainState.ETag);
            }

            Store[key] = (bytes, etag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        WriteCounts.AddOrUpdate(_service, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Store.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private string Key(string stateName, GrainId grainId) => $"{_service}/{stateName}/{grainId}";
}
