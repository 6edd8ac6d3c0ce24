using Stamina.Coordinator.Telemetry;

namespace Stamina.Coordinator.Journal;

/// <summary>What the metrics need to know of an attempt: its labels, when it started, and the usage stored so far.</summary>
public sealed record AttemptFacts
{
    public string? Account { get; init; }
    public string? Harness { get; init; }
    public string? Model { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CacheReadTokens { get; init; }
    public long CacheCreationTokens { get; init; }
    public decimal? CostUsd { get; init; }

    public AgentUsage Usage => new(InputTokens, OutputTokens, CacheReadTokens, CacheCreationTokens, CostUsd ?? 0m);
}
