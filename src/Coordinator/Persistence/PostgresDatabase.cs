using System.Data;
using System.Data.Common;
using Npgsql;
using Stamina.Coordinator.Sagas;

namespace Stamina.Coordinator.Persistence;

public sealed class PostgresDatabase(NpgsqlDataSource dataSource) : StaminaDatabase
{
    public PostgresDatabase(string connectionString, string? name = null)
        : this(new NpgsqlDataSourceBuilder(connectionString) { Name = name }.Build())
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

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
