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
}
