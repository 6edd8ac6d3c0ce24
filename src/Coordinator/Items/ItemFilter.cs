namespace Stamina.Coordinator.Items;

/// <summary>What <c>GET /api/items</c> narrows the list to; every part is optional and they combine with "and".</summary>
public sealed record ItemFilter
{
    public string? State { get; init; }
    public string? Pool { get; init; }

    /// <summary>A label the item carries with exactly this value.</summary>
    public KeyValuePair<string, string>? Label { get; init; }

    /// <summary>An account any of the item's attempts ran under.</summary>
    public string? Account { get; init; }

    /// <summary>Submitted at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Submitted before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    public int Limit { get; init; } = 100;
}
