using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace Stamina.Coordinator.Sagas;

/// <summary>
/// One event's view of the repository. The transaction is a payload of this scope, and the saga consume
/// context is created over the scope (not the raw consume context), so activities can reach it.
/// </summary>
public sealed class SqlSagaRepositoryContext<TSaga, TMessage>(
    SagaTransaction transaction,
    ISagaRowStore<TSaga> store,
    ConsumeContext<TMessage> consumeContext,
    ISagaConsumeContextFactory<SagaTransaction, TSaga> factory)
    : ConsumeContextScope<TMessage>(consumeContext, transaction), SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(transaction, context, instance, mode);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(transaction, this, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        await store.InsertAsync(transaction, instance, CancellationToken);
        return await factory.CreateSagaConsumeContext(transaction, this, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await store.LoadForUpdateAsync(transaction, correlationId, CancellationToken);
        return instance is null
            ? null!
            : await factory.CreateSagaConsumeContext(transaction, this, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<TSaga> context) => store.InsertAsync(transaction, context.Saga, CancellationToken);

    public Task Update(SagaConsumeContext<TSaga> context) => store.UpdateAsync(transaction, context.Saga, CancellationToken);

    public Task Delete(SagaConsumeContext<TSaga> context) => store.DeleteAsync(transaction, context.Saga, CancellationToken);

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;
}
