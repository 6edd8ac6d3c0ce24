namespace Stamina.Cli.Api;

/// <summary>What the agent of the current or last attempt has done so far (<c>progress</c> in the item JSON).</summary>
sealed record AgentProgress
{
    public string? SessionId { get; init; }
    public string? Model { get; init; }
    public int? Turns { get; init; }
    public int? ToolUses { get; init; }
    public string? LastTool { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public long? CacheReadTokens { get; init; }
    public long? CacheCreationTokens { get; init; }
    public decimal? CostUsd { get; init; }
    public DateTimeOffset? LastEventAt { get; init; }
}
