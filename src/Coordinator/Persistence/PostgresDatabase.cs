using System.Data;
using System.Data.Common;
using Npgsql;
using Stamina.Coordinator.Sagas;

namespace Stamina.Coordinator.Persistence;

public sealed class PostgresDatabase(NpgsqlDataSource dataSource, NpgsqlDataSource sessions) : StaminaDatabase
{
    public PostgresDatabase(string connectionString, string? name = null)
        : this(Pooled(connectionString, name), Unpooled(connectionString, name))
    {
    }

    /// <summary>
    /// How many statements each connection keeps prepared when the connection string does not say (Npgsql's default is
    /// none). Every event runs the same few dozen statements; unprepared, PostgreSQL parsed and planned each of them
    /// each time, which was its largest cost per item (see docs/architecture.md, "What limits the coordinator").
    /// Behind a pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode), set
    /// <c>Max Auto Prepare=0</c> in the connection string.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    public override SqlDialect Dialect => SqlDialect.Postgres;

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<SagaTransaction> BeginEventTransactionAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            return new SagaTransaction(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A connection of its own, outside the pool, for session state that must end when it closes (the leader's
    /// advisory lock): a pooled connection goes back to the pool still holding its session's locks.
    /// </summary>
    public async Task<NpgsqlConnection> OpenSessionConnectionAsync(CancellationToken cancellationToken) =>
        await sessions.OpenConnectionAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await sessions.DisposeAsync();
    }

    static NpgsqlDataSource Pooled(string connectionString, string? name)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = name };
        if (!Names(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        return builder.Build();
    }

    /// <summary>Whether the connection string sets the keyword, in any of its spellings (keywords are case-insensitive).</summary>
    static bool Names(string connectionString, params string[] spellings)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return spellings.Any(given.ContainsKey);
    }

    static NpgsqlDataSource Unpooled(string connectionString, string? name)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = name is null ? null : name + "-session" };
        builder.ConnectionStringBuilder.Pooling = false;
        return builder.Build();
    }
}
