namespace Stamina.Coordinator.Persistence;

/// <summary>
/// The few SQL fragments in which PostgreSQL and SQLite differ. Everything else is written once, in the
/// subset both understand (<c>in @ids</c>, <c>cast(x as text)</c>, <c>length(blob)</c>, upsert with <c>excluded.</c>).
/// </summary>
public sealed class SqlDialect
{
    public static SqlDialect Postgres { get; } = new()
    {
        Name = "postgres",
        ArraysAreParameters = true,
        RowLock = " for update",
        JsonCast = "::jsonb",
        // 0x5354_414D_494E_41, "STAMINA": the key the runner has always used.
        MigrationLock = "select pg_advisory_lock(23455062513241665)",
        MigrationUnlock = "select pg_advisory_unlock(23455062513241665)",
        KeyLock = "select pg_advisory_xact_lock(hashtext(@key))",
        SecondsSinceTemplate = "extract(epoch from (@{0} - {1}))",
        MigrationsTable = """
            create table if not exists schema_migrations (
                version integer primary key, name text not null, applied_at timestamptz not null default now())
            """,
    };

    /// <summary>
    /// SQLite: every write transaction is <c>BEGIN IMMEDIATE</c>, which admits one writer at a time, so row and
    /// advisory locks are not needed. Times are fixed-width UTC text (see <see cref="SqliteTime"/>).
    /// </summary>
    public static SqlDialect Sqlite { get; } = new()
    {
        Name = "sqlite",
        ArraysAreParameters = false,
        RowLock = "",
        JsonCast = "",
        MigrationLock = null,
        MigrationUnlock = null,
        KeyLock = null,
        // Times are ISO-8601 text, which julianday reads (fraction and 'Z' included).
        SecondsSinceTemplate = "round((julianday(@{0}) - julianday({1})) * 86400.0, 3)",
        MigrationsTable = """
            create table if not exists schema_migrations (
                version integer primary key, name text not null,
                applied_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))
            """,
    };

    /// <summary>Also the folder of its migrations: <c>Persistence/Migrations/{Name}/NNNN_name.sql</c>.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Dapper passes an array to Npgsql as one array parameter (so PostgreSQL needs <c>= any(@ids)</c>) and
    /// expands it into <c>in (@ids1, @ids2, …)</c> for other providers.
    /// </summary>
    public required bool ArraysAreParameters { get; init; }

    /// <summary>Appended to a <c>select</c> that must lock the row until the transaction ends.</summary>
    public required string RowLock { get; init; }

    /// <summary>Appended to a parameter that holds serialized JSON for a json column.</summary>
    public required string JsonCast { get; init; }

    /// <summary>Taken on the connection for the whole migration run; null when transactions already serialise it.</summary>
    public required string? MigrationLock { get; init; }

    public required string? MigrationUnlock { get; init; }

    /// <summary>Locks the text <c>@key</c> until the transaction ends (a transcript, a worker name); null when transactions already serialise.</summary>
    public required string? KeyLock { get; init; }

    public required string MigrationsTable { get; init; }

    /// <summary>{0}: the parameter holding "now", {1}: the time column.</summary>
    public required string SecondsSinceTemplate { get; init; }

    /// <summary>Seconds from <paramref name="column"/> to the time in parameter <paramref name="nowParameter"/> (fractional, may be negative).</summary>
    public string SecondsSince(string nowParameter, string column) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, SecondsSinceTemplate, nowParameter, column);

    /// <summary><paramref name="column"/> is one of the values in the array parameter <paramref name="parameter"/> (not empty).</summary>
    public string In(string column, string parameter) =>
        ArraysAreParameters ? $"{column} = any(@{parameter})" : $"{column} in @{parameter}";

    /// <summary>
    /// Ids for <see cref="In"/>. Dapper binds the items of an expanded list itself, without the type handlers,
    /// so for SQLite they go as the text <see cref="GuidHandler"/> stores.
    /// </summary>
    public System.Collections.IEnumerable Ids(IEnumerable<Guid> ids) =>
        ArraysAreParameters ? ids.ToArray() : ids.Select(id => id.ToString()).ToArray();

    public override string ToString() => Name;
}
