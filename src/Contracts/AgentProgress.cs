namespace Stamina.Contracts;

/// <summary>What an agent has done so far, read from its event stream.</summary>
public record AgentProgress
{
    public string? SessionId { get; init; }
    public string? Model { get; init; }
    public int Turns { get; init; }
    public int ToolUses { get; init; }
    public string? LastTool { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CacheReadTokens { get; init; }
    public long CacheCreationTokens { get; init; }

    /// <summary>Null when the agent does not report cost (Codex, Gemini).</summary>
    public decimal? CostUsd { get; init; }

    public DateTimeOffset? LastEventAt { get; init; }
}
