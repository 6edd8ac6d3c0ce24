using MassTransit;
using Stamina.Contracts;

namespace Stamina.Coordinator.Transcripts;

/// <summary>Appends the chunks of agent transcripts that workers send while their agents run.</summary>
public sealed class TranscriptConsumer(TranscriptStore store, ILogger<TranscriptConsumer> logger) : IConsumer<TranscriptChunk>
{
    public async Task Consume(ConsumeContext<TranscriptChunk> context)
    {
        var chunk = context.Message;
        if (chunk.Offset < 0 || chunk.Attempt < 1 || chunk.Data.Length > TranscriptStore.MaxChunkBytes)
        {
            logger.LogWarning("Dropped a malformed transcript chunk for {WorkItemId} attempt {Attempt}", chunk.WorkItemId, chunk.Attempt);
            return;
        }
        if (!await store.AppendAsync(chunk, context.CancellationToken))
            logger.LogDebug("Transcript chunk at {Offset} for {WorkItemId} attempt {Attempt} was not at the end; ignored",
                chunk.Offset, chunk.WorkItemId, chunk.Attempt);
    }
}
