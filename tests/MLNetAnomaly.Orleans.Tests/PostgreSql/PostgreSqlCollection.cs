namespace MLNetAnomaly.Orleans.Tests.PostgreSql;

/// <summary>The tests that use the PostgreSQL server: run one after another, not in parallel.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PostgreSQL";

    /// <summary>The environment variable holding the server's connection string.</summary>
    public const string Variable = "MLNETANOMALY_POSTGRES";
}
