using Stamina.ServiceDefaults.Configuration;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// Which store the coordinator keeps its truth in: <c>ConnectionStrings:Postgres</c> (a fleet; as always) or
/// <c>ConnectionStrings:Sqlite</c> (one process, e.g. <c>Data Source=/var/lib/stamina/stamina.db</c>). Exactly one.
/// </summary>
public sealed record StoreSelection(SqlDialect Dialect, string ConnectionString)
{
    public static StoreSelection FromConfiguration(IConfiguration configuration)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        var sqlite = configuration.GetConnectionString("Sqlite");
        return (string.IsNullOrWhiteSpace(postgres), string.IsNullOrWhiteSpace(sqlite)) switch
        {
            (false, true) => new(SqlDialect.Postgres, postgres!),
            (true, false) => new(SqlDialect.Sqlite, sqlite!),
            (false, false) => throw new ServiceConfigurationException(
                "Both ConnectionStrings:Postgres and ConnectionStrings:Sqlite are set; set only the store to use."),
            _ => throw new ServiceConfigurationException(
                "ConnectionStrings:Postgres is not set (ConnectionStrings__Postgres); for a single-process store set ConnectionStrings:Sqlite instead."),
        };
    }

    public StaminaDatabase Create(string applicationName) => Dialect == SqlDialect.Postgres
        ? new PostgresDatabase(ConnectionString, applicationName)
        : new SqliteDatabase(ConnectionString);

    // The connection string may hold a password.
    public override string ToString() => Dialect.Name;
}
