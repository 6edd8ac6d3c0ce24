using MassTransit;

namespace Stamina.Coordinator.Sagas;

/// <summary>The SQL for one saga table: the only part of the repository that knows its columns.</summary>
public interface ISagaRowStore<TSaga>
    where TSaga : class, ISaga
{
    /// <summary>Loads the row and locks it until the transaction ends (PostgreSQL: <c>for update</c>; SQLite: the transaction holds the write lock).</summary>
    Task<TSaga?> LoadForUpdateAsync(SagaTransaction transaction, Guid correlationId, CancellationToken cancellationToken);

    Task InsertAsync(SagaTransaction transaction, TSaga instance, CancellationToken cancellationToken);

    Task UpdateAsync(SagaTransaction transaction, TSaga instance, CancellationToken cancellationToken);

    Task DeleteAsync(SagaTransaction transaction, TSaga instance, CancellationToken cancellationToken);
}
