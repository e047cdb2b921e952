using Microsoft.Extensions.Configuration;
using MLNetAnomaly.Orleans.Client;
using MLNetAnomaly.Orleans.Hosting;
using MLNetAnomaly.Orleans.Tests.Grains;
using MLNetAnomaly.Orleans.Tests.TestFramework;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace MLNetAnomaly.Orleans.Tests.PostgreSql;

/// <summary>
/// The real thing: membership and grain state in PostgreSQL through Orleans' ADO.NET providers and our schema. Needs a
/// server named by MLNETANOMALY_POSTGRES (build/postgres.sh starts one; .ci/run does); skips with a message when it is
/// not set. The PostgreSQL tests run one at a time, so their silos' connection pools stay within the server's limit.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlFleetTests
{
    private const string Variable = PostgreSqlCollection.Variable;

    [SkippableFact]
    public async Task TwoSilosOnPostgreSqlSurviveAKilledSiloWithExactPredictions()
    {
        var connection = await Connect();
        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = "pg-" + Guid.NewGuid().ToString("N")[..12];
        builder.Options.ClusterId = builder.Options.ServiceId;
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
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
            const int Points = 120;

            // The silo is killed while every series has batches in flight.
            var (streamed, onVictim) = await KillDuringStreams.RunAsync(cluster, ids, writers, Points, _ => Enumerable.Range(0, Points / 10).Select(b => (b * 10, 10)));

            Assert.True(onVictim > 0, "the killed silo held series");
            Assert.True(writers.Sum(w => w.Retries) > 0, "some batches were resent after the kill");
            using var command = new NpgsqlCommand("SELECT count(*) FROM fleet_grain_state WHERE serviceid = @s AND statename = 'series'", connection);
            command.Parameters.AddWithValue("s", builder.Options.ServiceId);
            Assert.Equal(ids.Length, Convert.ToInt32(await command.ExecuteScalarAsync()));
            for (var i = 0; i < ids.Length; i++)
            {
                Assert.Equal(ExactPredictionsTests.Expected(ids[i], "lstm", Points), streamed[i]);
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
        // Set but unreachable is a failure, not a skip: CI sets it only once its server is up.
        var connection = new NpgsqlConnection(text);
        await connection.OpenAsync();
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
