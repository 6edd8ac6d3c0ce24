using MassTransit;
using MassTransit.Saga;
using Npgsql;

namespace Stamina.Coordinator.Sagas;

/// <summary>
/// A saga repository on PostgreSQL with Npgsql and Dapper, ported from MassTransit's Dapper integration
/// (SQL Server). Each event runs in one read-committed transaction that locks the saga row
/// (<c>select … for update</c>): events on one item are serialised by the row lock, events on different
/// items run in parallel. Deadlocks and serialization failures surface as <see cref="PostgresException"/>
/// and are retried by the endpoint's retry policy.
/// </summary>
public sealed class PostgresSagaRepositoryContextFactory<TSaga>(
    NpgsqlDataSource dataSource,
    ISagaRowStore<TSaga> store,
    ISagaConsumeContextFactory<SagaTransaction, TSaga> factory)
    : ISagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
{
    public void Probe(ProbeContext context) => context.Add("persistence", "postgresql");

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        await using var transaction = await BeginAsync(context.CancellationToken);
        var repositoryContext = new PostgresSagaRepositoryContext<TSaga, T>(transaction, store, context, factory);
        await next.Send(repositoryContext);
        await transaction.CommitAsync(context.CancellationToken);
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        throw new NotSupportedException("Work items are correlated by id; saga queries are not supported.");

    async Task<SagaTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
            return new SagaTransaction(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
