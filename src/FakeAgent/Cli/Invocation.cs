namespace Stamina.FakeAgent.Cli;

/// <summary>What the argv asked for, in terms common to the three dialects.</summary>
sealed record Invocation
{
    public Dialect Dialect { get; init; }
    public bool ShowHelp { get; init; }

    /// <summary>The id of a session to resume (claude <c>--resume</c>, codex <c>exec resume</c>, gemini <c>--resume</c>).</summary>
    public string? ResumeId { get; init; }

    /// <summary>A session id chosen by the caller (claude and gemini <c>--session-id</c>).</summary>
    public string? SessionId { get; init; }

    public string? Model { get; init; }
    public int? MaxTurns { get; init; }
    public decimal? MaxBudgetUsd { get; init; }
    public string? PermissionMode { get; init; }

    /// <summary>claude <c>--json-schema</c>: the final answer goes in the result's <c>structured_output</c>.</summary>
    public string? JsonSchema { get; init; }

    /// <summary>codex <c>-C DIR</c>: the directory to work in instead of the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>A prompt given in argv (gemini <c>-p TEXT</c>, codex's positional other than <c>-</c>).</summary>
    public string? PromptArgument { get; init; }

    /// <summary>The environment variable naming the account's config directory in this dialect.</summary>
    public string ConfigDirectoryVariable => Dialect switch
    {
        Dialect.Claude => "CLAUDE_CONFIG_DIR",
        Dialect.Codex => "CODEX_HOME",
        _ => "GEMINI_CLI_HOME",
    };

    public string DefaultModel => Dialect switch
    {
        Dialect.Claude => "claude-sonnet-4-5",
        Dialect.Codex => "gpt-5-codex",
        _ => "gemini-2.5-pro",
    };
}
