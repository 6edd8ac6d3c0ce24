namespace Stamina.Cli.Api;

sealed record ItemAttempt
{
    public int Number { get; init; }
    public string? Worker { get; init; }
    public string? Machine { get; init; }
    public string? Account { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>succeeded, failed, timedOut, lost, released or cancelled; null while the attempt runs.</summary>
    public string? Outcome { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>agent_error, max_turns, max_budget, timeout, stall, usage_limit, auth, crashed, exit, lost...; kept as text.</summary>
    public string? ErrorClass { get; init; }

    public string? Message { get; init; }
    public string? Branch { get; init; }
    public string? Harness { get; init; }
    public string? Model { get; init; }
    public string? SessionId { get; init; }
    public int? Turns { get; init; }
    public int? ToolUses { get; init; }
    public string? LastTool { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public long? CacheReadTokens { get; init; }
    public long? CacheCreationTokens { get; init; }
    public decimal? CostUsd { get; init; }
    public string? CheckpointCommit { get; init; }
    public long? TranscriptBytes { get; init; }
    public DateTimeOffset? AccountLimitedUntil { get; init; }

    /// <summary>When <c>stamina prune</c> deleted the attempt's branch from the repository.</summary>
    public DateTimeOffset? BranchPrunedAt { get; init; }

    /// <summary>What the worker's pre- or post-task hook wrote for the attempt.</summary>
    public string? HookOutput { get; init; }

    /// <summary>A reviewer step's verdict: approve, revise or block.</summary>
    public string? Verdict { get; init; }

    public string? VerdictFeedback { get; init; }
    public string? VerdictReason { get; init; }
    public DateTimeOffset? LastEventAt { get; init; }
}
