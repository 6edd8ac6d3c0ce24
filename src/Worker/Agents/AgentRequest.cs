namespace Stamina.Worker.Agents;

/// <summary>One agent launch as the worker wants it; the harness turns it into argv, environment and stdin.</summary>
public record AgentRequest
{
    public string Prompt { get; init; } = "";
    public string? Model { get; init; }
    public int? MaxTurns { get; init; }
    public decimal? MaxBudgetUsd { get; init; }
    public string? AppendSystemPrompt { get; init; }

    /// <summary>Chosen by the worker per attempt; given to CLIs that accept one (Claude, Gemini).</summary>
    public Guid SessionId { get; init; }

    /// <summary>An earlier session to continue instead of starting <see cref="SessionId"/>.</summary>
    public string? ResumeSessionId { get; init; }

    /// <summary>The account's config directory (Claude's config dir, CODEX_HOME, Gemini's home).</summary>
    public string? ConfigDir { get; init; }

    /// <summary>A JSON Schema the final answer must follow, for CLIs that can enforce one (a reviewer's verdict).</summary>
    public string? JsonSchema { get; init; }
}
