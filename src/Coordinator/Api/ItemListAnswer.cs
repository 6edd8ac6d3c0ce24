using Stamina.Coordinator.Items;

namespace Stamina.Coordinator.Api;

/// <summary>The body of <c>GET /api/items</c>.</summary>
public sealed record ItemListAnswer
{
    public IReadOnlyList<ItemView> Items { get; init; } = [];
}
