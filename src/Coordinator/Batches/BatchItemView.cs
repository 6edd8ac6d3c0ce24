namespace Stamina.Coordinator.Batches;

/// <summary>One item of a batch as <c>GET /api/batches/{id}</c> shows it.</summary>
public sealed record BatchItemView
{
    public string Key { get; init; } = "";
    public Guid Id { get; init; }
    public string State { get; init; } = "";

    /// <summary>The succeeded item's result branch.</summary>
    public string? Branch { get; init; }

    public decimal? CostUsd { get; init; }
    public string? SkipReason { get; init; }

    /// <summary>The keys (or, outside the batch, ids) of the items it runs after.</summary>
    public IReadOnlyList<string> After { get; init; } = [];
}
