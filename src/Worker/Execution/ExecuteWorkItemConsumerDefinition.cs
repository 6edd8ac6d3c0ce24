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
            foreach (var (name, value) in PoolQueues.Arguments())
                rabbitMq.SetQueueArgument(name, value);
        }
    }
}
