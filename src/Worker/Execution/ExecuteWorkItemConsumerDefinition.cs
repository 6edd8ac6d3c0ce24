using MassTransit;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.Worker.Execution;

/// <summary>The pool's quorum queue, declared exactly as the coordinator declares it, one message at a time.</summary>
public sealed class ExecuteWorkItemConsumerDefinition : ConsumerDefinition<ExecuteWorkItemConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ExecuteWorkItemConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.ConfigureConsumeTopology = false;
        endpointConfigurator.PrefetchCount = 1;
        endpointConfigurator.ConcurrentMessageLimit = 1;
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbitMq)
        {
            rabbitMq.SetQuorumQueue();
            // The coordinator declares the pool's exchange and binds the queue to it (PoolTopology). Binding
            // needs write permission on the queue's name, which is also the exchange's: a worker's broker
            // user would then be able to put work into its own pool's queue.
            rabbitMq.BindQueue = false;
            foreach (var (name, value) in PoolQueues.Arguments())
                rabbitMq.SetQueueArgument(name, value);
        }
    }
}
