using System.Data.Common;
using Stamina.Coordinator.Sagas;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// The coordinator's store: PostgreSQL for a fleet, SQLite for a single process. Code opens connections and
/// write transactions here and takes the fragments that differ from <see cref="Dialect"/>.
/// </summary>
public abstract class StaminaDatabase : IAsyncDisposable
{
    protected StaminaDatabase() => DapperTypeHandlers.Register();

    public abstract SqlDialect Dialect { get; }

    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A transaction for one event's writes. PostgreSQL: read committed, rows locked by <see cref="SqlDialect.RowLock"/>.
    /// SQLite: <c>BEGIN IMMEDIATE</c>, one writer at a time.
    /// </summary>
    public abstract Task<SagaTransaction> BeginEventTransactionAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
