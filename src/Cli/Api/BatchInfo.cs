namespace Stamina.Cli.Api;

/// <summary>A batch as the API shows it (in a list its items are left out). Everything optional, as for items.</summary>
sealed record BatchInfo
{
    public Guid Id { get; init; }
    public string? Name { get; init; }
    public string? Origin { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int Total { get; init; }
    public IReadOnlyDictionary<string, int>? Counts { get; init; }
    public decimal? CostUsd { get; init; }
    public IReadOnlyList<string>? Branches { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<BatchItem>? Items { get; init; }
    public Guid? ScheduleId { get; init; }
    public DateTimeOffset? Occurrence { get; init; }
}
