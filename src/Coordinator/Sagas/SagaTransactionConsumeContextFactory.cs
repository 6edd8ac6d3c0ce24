using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace Stamina.Coordinator.Sagas;

/// <summary>Makes sure the transaction is a payload of every saga consume context, whatever it wraps.</summary>
public sealed class SagaTransactionConsumeContextFactory<TSaga> : ISagaConsumeContextFactory<SagaTransaction, TSaga>
    where TSaga : class, ISaga
{
    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(
        SagaTransaction context, ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class
    {
        var scoped = consumeContext.TryGetPayload<SagaTransaction>(out _)
            ? consumeContext
            : new ConsumeContextScope<T>(consumeContext, context);
        return Task.FromResult<SagaConsumeContext<TSaga, T>>(new DefaultSagaConsumeContext<TSaga, T>(scoped, instance));
    }
}
