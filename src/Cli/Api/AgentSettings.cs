namespace Stamina.Cli.Api;

/// <summary>The agent options of an item (<c>agent</c> in the item JSON); all optional.</summary>
sealed record AgentSettings
{
    public string? Model { get; init; }
    public string? SkillLevel { get; init; }
    public int? MaxTurns { get; init; }
    public decimal? MaxBudgetUsd { get; init; }

    /// <summary>"hh:mm:ss" or null; kept as text like the item's timeout.</summary>
    public string? StallTimeout { get; init; }

    public string? AppendSystemPrompt { get; init; }
    public string? TaskFile { get; init; }
    /// <summary>A reviewer's round and rounds, for a review item.</summary>
    public Stamina.Contracts.ReviewRequest? Review { get; init; }
}
