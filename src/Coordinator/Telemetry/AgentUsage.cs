using Stamina.Contracts;

namespace Stamina.Coordinator.Telemetry;

/// <summary>An attempt's agent usage so far: tokens by type and cost in USD (cumulative, as agents report it).</summary>
public sealed record AgentUsage(long InputTokens, long OutputTokens, long CacheReadTokens, long CacheCreationTokens, decimal CostUsd)
{
    public static readonly AgentUsage Zero = new(0, 0, 0, 0, 0m);

    public static AgentUsage Of(AgentProgress progress) =>
        new(progress.InputTokens, progress.OutputTokens, progress.CacheReadTokens, progress.CacheCreationTokens, progress.CostUsd ?? 0m);

    /// <summary>The larger of each count: what has been counted once must never be counted again.</summary>
    public AgentUsage Max(AgentUsage other) => new(
        Math.Max(InputTokens, other.InputTokens), Math.Max(OutputTokens, other.OutputTokens),
        Math.Max(CacheReadTokens, other.CacheReadTokens), Math.Max(CacheCreationTokens, other.CacheCreationTokens),
        Math.Max(CostUsd, other.CostUsd));

    /// <summary>What this adds over <paramref name="counted"/>, never negative: a smaller report takes nothing back.</summary>
    public AgentUsage Above(AgentUsage counted) => new(
        Math.Max(0, InputTokens - counted.InputTokens), Math.Max(0, OutputTokens - counted.OutputTokens),
        Math.Max(0, CacheReadTokens - counted.CacheReadTokens), Math.Max(0, CacheCreationTokens - counted.CacheCreationTokens),
        Math.Max(0m, CostUsd - counted.CostUsd));
}
