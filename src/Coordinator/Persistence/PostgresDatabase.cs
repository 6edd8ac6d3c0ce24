using System.Data;
using System.Data.Common;
using Npgsql;
using Stamina.Coordinator.Sagas;

namespace Stamina.Coordinator.Persistence;

public sealed class PostgresDatabase(NpgsqlDataSource dataSource, NpgsqlDataSource sessions) : StaminaDatabase
{
    public PostgresDatabase(string connectionString, string? name = null)
        : this(new NpgsqlDataSourceBuilder(connectionString) { Name = name }.Build(), Unpooled(connectionString, name))
    {
    }

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

    static NpgsqlDataSource Unpooled(string connectionString, string? name)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = name is null ? null : name + "-session" };
        builder.ConnectionStringBuilder.Pooling = false;
        return builder.Build();
    }
}
