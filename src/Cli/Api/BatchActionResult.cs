namespace Stamina.Cli.Api;

/// <summary>The answer to <c>POST /api/batches/{id}/cancel|retry-failed</c>: how many items moved, and the batch after.</summary>
sealed record BatchActionResult
{
    public int Moved { get; init; }
    public BatchInfo? Batch { get; init; }
}
