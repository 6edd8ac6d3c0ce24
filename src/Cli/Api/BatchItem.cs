namespace Stamina.Cli.Api;

/// <summary>One item of a batch as <c>GET /api/batches/{id}</c> shows it.</summary>
sealed record BatchItem
{
    public string? Key { get; init; }
    public Guid Id { get; init; }
    public string? State { get; init; }
    public string? Branch { get; init; }
    public decimal? CostUsd { get; init; }
    public string? SkipReason { get; init; }
    public IReadOnlyList<string>? After { get; init; }
}
