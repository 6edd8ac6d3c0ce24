using Stamina.Coordinator.Batches;

namespace Stamina.Coordinator.Api;

/// <summary>The answer to <c>POST /api/batches/{id}/cancel|retry-failed</c>: how many items moved, and the batch after.</summary>
public sealed record BatchActionAnswer
{
    public int Moved { get; init; }
    public BatchView? Batch { get; init; }
}
