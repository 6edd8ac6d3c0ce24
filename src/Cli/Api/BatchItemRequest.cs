namespace Stamina.Cli.Api;

/// <summary>One item of <c>POST /api/batches</c>: an item's fields and its key in the batch (the task's name in the file).</summary>
sealed record BatchItemRequest : SubmitItemRequest
{
    public required string Key { get; init; }
}
