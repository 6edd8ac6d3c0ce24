namespace Stamina.Contracts;

/// <summary>How an item wants its agent run: model, limits and extra instructions. All optional.</summary>
public record AgentOptions
{
    /// <summary>An explicit model; wins over <see cref="SkillLevel"/>.</summary>
    public string? Model { get; init; }

    /// <summary><c>junior</c>, <c>senior</c> or <c>principal</c>: mapped to a model per harness by the worker's configuration.</summary>
    public string? SkillLevel { get; init; }

    public int? MaxTurns { get; init; }
    public decimal? MaxBudgetUsd { get; init; }

    /// <summary>No event from the agent for this long means it is stuck: killed and retried.</summary>
    public TimeSpan? StallTimeout { get; init; }

    public string? AppendSystemPrompt { get; init; }

    /// <summary>A path inside the repository whose text, read at the base commit, is the task.</summary>
    public string? TaskFile { get; init; }

    /// <summary>Set by the coordinator on a pipeline's reviewer step: the run must end with a verdict.</summary>
    public ReviewRequest? Review { get; init; }
}
