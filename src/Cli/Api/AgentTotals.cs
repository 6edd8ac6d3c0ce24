namespace Stamina.Cli.Api;

sealed record AgentTotals
{
    public decimal CostUsd { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CacheReadTokens { get; init; }
    public long CacheCreationTokens { get; init; }
    public long Turns { get; init; }
}
