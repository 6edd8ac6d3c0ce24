using System.Data.Common;

namespace Stamina.Coordinator.Sagas;

/// <summary>
/// The connection and transaction a saga event runs in. It travels as a payload of the saga consume
/// context, so that the state machine's own writes (attempts, results) commit with the saga row.
/// </summary>
/// <param name="released">Called once after the connection is closed (SQLite: lets the next writer in).</param>
public sealed class SagaTransaction(DbConnection connection, DbTransaction transaction, Action? released = null) : IAsyncDisposable
{
    Action? release = released;

    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
        finally
        {
            Interlocked.Exchange(ref release, null)?.Invoke();
        }
    }
}
