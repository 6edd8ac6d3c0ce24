using MassTransit;
using MassTransit.Saga;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Sagas;

/// <summary>
/// A saga repository on the store (PostgreSQL or SQLite) with Dapper, ported from MassTransit's Dapper
/// integration (SQL Server). Each event runs in one transaction of
/// <see cref="StaminaDatabase.BeginEventTransactionAsync"/>. PostgreSQL: read committed, the saga row locked
/// (<c>select … for update</c>), so events on one item are serialised by the row lock and events on different
/// items run in parallel; deadlocks and serialization failures are retried by the endpoint's retry policy.
/// SQLite: one writer at a time.
/// </summary>
public sealed class SqlSagaRepositoryContextFactory<TSaga>(
    StaminaDatabase database,
    ISagaRowStore<TSaga> store,
    ISagaConsumeContextFactory<SagaTransaction, TSaga> factory)
    : ISagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
{
    public void Probe(ProbeContext context) => context.Add("persistence", database.Dialect.Name);

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        await using var transaction = await database.BeginEventTransactionAsync(context.CancellationToken);
        var repositoryContext = new SqlSagaRepositoryContext<TSaga, T>(transaction, store, context, factory);
        await next.Send(repositoryContext);
        await transaction.CommitAsync(context.CancellationToken);
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        throw new NotSupportedException("Work items are correlated by id; saga queries are not supported.");
}
