namespace Stamina.Cli.Api;

/// <summary>The body of <c>POST /api/batches</c>: all the tasks of one file, made in one transaction.</summary>
sealed record BatchRequest
{
    public string? Name { get; init; }
    public required IReadOnlyList<BatchItemRequest> Items { get; init; }
}
