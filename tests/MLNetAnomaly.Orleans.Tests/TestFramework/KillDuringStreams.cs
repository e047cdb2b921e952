using MLNetAnomaly.Orleans.Client;
using MLNetAnomaly.Streaming;
using Orleans.TestingHost;

namespace MLNetAnomaly.Orleans.Tests.TestFramework;

/// <summary>Streams many series at once and kills a silo while every series still has batches to send.</summary>
internal static class KillDuringStreams
{
    /// <summary>
    /// Streams each series' <paramref name="points"/> points (<see cref="Series.Values"/>) through its writer in the
    /// batches <paramref name="batches"/> gives for its index, kills the first secondary silo once the series have sent
    /// four batches each on average, and returns every series' predictions and how many series the killed silo held.
    /// </summary>
    public static async Task<(AnomalyPrediction[][] Streamed, int OnVictim)> RunAsync(
        TestCluster cluster, string[] ids, SeriesWriter[] writers, int points, Func<int, IEnumerable<(int Start, int Count)>> batches)
    {
        var killAfter = new TaskCompletionSource();
        var batchesDone = 0;
        async Task<AnomalyPrediction[]> Stream(int series)
        {
            var values = Series.Values(ids[series], points, 1);
            var predictions = new List<AnomalyPrediction>();
            foreach (var (start, size) in batches(series))
            {
                predictions.AddRange(await writers[series].AppendAsync(Series.Timestamps(start, size), Series.Flatten(values, start, size)));
                if (Interlocked.Increment(ref batchesDone) == ids.Length * 4)
                {
                    killAfter.TrySetResult();
                }
            }

            return predictions.ToArray();
        }

        var streams = Enumerable.Range(0, ids.Length).Select(Stream).ToArray();
        await killAfter.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var victim = cluster.SecondarySilos[0];
        var onVictim = (await FleetCluster.ActiveSeriesAsync(cluster.Client)).Count(a => a.Value.Equals(victim.SiloAddress));
        await cluster.KillSiloAsync(victim);
        return (await Task.WhenAll(streams).WaitAsync(TimeSpan.FromMinutes(3)), onVictim);
    }
}
