namespace MLNetAnomaly.Orleans;

/// <summary>Names a fleet's silos and clients agree on.</summary>
public static class AnomalyFleet
{
    /// <summary>
    /// The grain storage the series and model grains persist to. Register a provider under this name on every silo:
    /// <c>AddMemoryGrainStorage</c> for tests, <c>AddAdoNetGrainStorage</c> (PostgreSQL) for the real thing.
    /// </summary>
    public const string StorageName = "mlnet-anomaly";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name of the per-silo counters (see docs/fleet.md).</summary>
    public const string MeterName = "MLNetAnomaly.Orleans";

    /// <summary>The longest series, model or recipe id accepted, in characters (stored ids must fit the storage's key columns).</summary>
    public const int MaxIdLength = 200;

    /// <summary>Checks a series, model or recipe id: not empty, at most <see cref="MaxIdLength"/> characters.</summary>
    internal static void CheckId(string id, string what, string parameter)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException($"The {what} id is empty.", parameter);
        }

        if (id.Length > MaxIdLength)
        {
            throw new ArgumentException($"The {what} id '{id[..40]}...' has {id.Length} characters; at most {MaxIdLength} are accepted.", parameter);
        }
    }

    /// <summary>The most points one <see cref="Contracts.SeriesBatch"/> may carry.</summary>
    public const int MaxBatchPoints = 100_000;

    /// <summary>
    /// The PostgreSQL script that prepares a database for Orleans' ADO.NET clustering and grain storage providers
    /// (invariant <c>Npgsql</c>): tables, functions and the providers' queries. Run it once per database, with psql or
    /// any client; running it again changes nothing. It is also in the package, under <c>sql/PostgreSQL.sql</c>.
    /// </summary>
    public static string PostgreSqlSchema()
    {
        using var stream = typeof(AnomalyFleet).Assembly.GetManifestResourceStream("MLNetAnomaly.Orleans.Sql.PostgreSQL.sql")
            ?? throw new InvalidOperationException("The PostgreSQL schema is missing from the MLNetAnomaly.Orleans assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
