using Microsoft.Extensions.Configuration;
using MLNetAnomaly.Orleans.Client;
using MLNetAnomaly.Orleans.Hosting;
using MLNetAnomaly.Orleans.Tests.Grains;
using MLNetAnomaly.Orleans.Tests.TestFramework;
using MLNetAnomaly.Streaming;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace MLNetAnomaly.Orleans.Tests.PostgreSql;

/// <summary>
/// The real thing: membership and grain state in PostgreSQL through Orleans' ADO.NET providers and our schema. Needs a
/// server named by MLNETANOMALY_POSTGRES (build/postgres.sh starts one; .ci/run does); skips with a message otherwise.
/// </summary>
public sealed class PostgreSqlFleetTests
{
    private const string Variable = "MLNETANOMALY_POSTGRES";

    [SkippableFact]
    public async Task TwoSilosOnPostgreSqlSurviveAKilledSiloWithExactPredictions()
    {
        var connection = await Connect();
        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = "pg-" + Guid.NewGuid().ToString("N")[..12];
        builder.Options.ClusterId = builder.Options.ServiceId;
        builder.Options.UseTestClusterMembership = false;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var fleet = new AnomalyFleetClient(cluster.Client);
            await fleet.RegisterModelAsync("lstm", TestModels.Lstm);
            var ids = Enumerable.Range(0, 12).Select(i => $"pg-sensor-{i}").ToArray();
            var writers = ids.Select(id => fleet.OpenSeries(id, "lstm")).ToArray();
            var streamed = ids.Select(_ => new List<AnomalyPrediction>()).ToArray();
            const int Points = 120;
            async Task Stream(int from, int to) => await Task.WhenAll(ids.Select(async (id, s) =>
            {
                var points = Series.Values(id, Points, 1);
                for (var start = from; start < to; start += 10)
                {
                    streamed[s].AddRange(await writers[s].AppendAsync(Series.Timestamps(start, 10), Series.Flatten(points, start, 10)));
                }
            }));

            await Stream(0, 60);
            await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
            await Stream(60, Points);

            using var command = new NpgsqlCommand("SELECT count(*) FROM fleet_grain_state WHERE serviceid = @s AND statename = 'series'", connection);
            command.Parameters.AddWithValue("s", builder.Options.ServiceId);
            Assert.Equal(ids.Length, Convert.ToInt32(await command.ExecuteScalarAsync()));
            for (var i = 0; i < ids.Length; i++)
            {
                Assert.Equal(ExactPredictionsTests.Expected(ids[i], "lstm", Points), streamed[i].ToArray());
                Assert.Equal(Points, (await fleet.GetStatusAsync(ids[i])).NextSequence);
            }
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task TheSchemaCanBeAppliedAgain()
    {
        await using var connection = await Connect();
        await using var command = new NpgsqlCommand(AnomalyFleet.PostgreSqlSchema(), connection);
        await command.ExecuteNonQueryAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orleansquery", connection);

        Assert.Equal(12L, (long)(await count.ExecuteScalarAsync())!);
    }

    private static async Task<NpgsqlConnection> Connect()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        Skip.If(string.IsNullOrWhiteSpace(text), $"{Variable} is not set: start a server with build/postgres.sh (as .ci/run does) to run the PostgreSQL tests.");
        var connection = new NpgsqlConnection(text);
        try
        {
            await connection.OpenAsync();
        }
        catch (NpgsqlException exception)
        {
            await connection.DisposeAsync();
            Skip.If(true, $"No PostgreSQL server at {Variable} ({exception.Message}): start one with build/postgres.sh.");
        }

        return connection;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connection = Environment.GetEnvironmentVariable(Variable)!;
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connection));
            silo.AddAdoNetGrainStorage(AnomalyFleet.StorageName, o => (o.Invariant, o.ConnectionString) = ("Npgsql", connection));
            silo.AddAnomalyFleet();
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client)
        {
            var connection = Environment.GetEnvironmentVariable(Variable)!;
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connection));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }
}
