using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.WorkItems.Proofs;

namespace Stamina.Coordinator.Transcripts;

/// <summary>Appends the chunks of agent transcripts that workers send while their agents run.</summary>
public sealed class TranscriptConsumer(TranscriptStore store, CoordinatorMetrics metrics, ILogger<TranscriptConsumer> logger) : IConsumer<TranscriptChunk>
{
    public async Task Consume(ConsumeContext<TranscriptChunk> context)
    {
        var chunk = context.Message;
        if (chunk.Offset < 0 || chunk.Attempt < 1 || chunk.Data.Length > TranscriptStore.MaxChunkBytes)
        {
            logger.LogWarning("Dropped a malformed transcript chunk for {WorkItemId} attempt {Attempt}", chunk.WorkItemId, chunk.Attempt);
            return;
        }
        switch (await store.AppendAsync(chunk, context.CancellationToken))
        {
            case TranscriptAppend.Forged:
                // Not journaled: the item may not exist, and a flood of forged chunks must not grow the database.
                metrics.ReportRejected(ReportRefusals.Forged, ReportKinds.Transcript);
                logger.LogWarning("Dropped a transcript chunk for {WorkItemId} attempt {Attempt} claiming to be from {Worker}: not from the attempt's holder",
                    chunk.WorkItemId, chunk.Attempt, chunk.Worker);
                break;
            case TranscriptAppend.NotAtEnd:
                logger.LogDebug("Transcript chunk at {Offset} for {WorkItemId} attempt {Attempt} was not at the end; ignored",
                    chunk.Offset, chunk.WorkItemId, chunk.Attempt);
                break;
        }
    }
}
