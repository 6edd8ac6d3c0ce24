using MassTransit;

namespace Stamina.Coordinator.Transcripts;

/// <summary>One chunk at a time: a chunk is appended only at the transcript's current end, so order matters.</summary>
public sealed class TranscriptConsumerDefinition : ConsumerDefinition<TranscriptConsumer>
{
    public TranscriptConsumerDefinition()
    {
        EndpointName = "stamina.coordinator.transcripts";
        ConcurrentMessageLimit = 1;
    }

    /// <summary>A chunk that fails to store is tried again: every later chunk waits on it.</summary>
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TranscriptConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(200, 1000, 5000));
}
