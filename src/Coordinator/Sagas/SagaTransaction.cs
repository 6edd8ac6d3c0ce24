using System.Data.Common;
using Npgsql;

namespace Stamina.Coordinator.Sagas;

/// <summary>
/// The connection and transaction a saga event runs in. It travels as a payload of the saga consume
/// context, so that the state machine's own writes (attempts, results) commit with the saga row.
/// </summary>
public sealed class SagaTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    public NpgsqlConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
