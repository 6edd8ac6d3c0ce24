namespace Stamina.Cli.Api;

/// <summary>The body of <c>GET /api/items</c>.</summary>
sealed record ItemList
{
    public IReadOnlyList<WorkItem> Items { get; init; } = [];
}
