namespace Stamina.Cli.Api;

/// <summary>One step of a task with <c>steps</c> in <c>POST /api/items</c>: its name, whether it reviews, and the fields it overrides.</summary>
sealed record PipelineStepRequest
{
    public required string Name { get; init; }
    public bool? Review { get; init; }
    public string? Prompt { get; init; }
    public string? Harness { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public string? Pool { get; init; }
    public int? Priority { get; init; }
    public string? Timeout { get; init; }
    public int? MaxAttempts { get; init; }
    public string? Model { get; init; }
    public string? SkillLevel { get; init; }
    public int? MaxTurns { get; init; }
    public decimal? MaxBudgetUsd { get; init; }
    public string? StallTimeout { get; init; }
    public string? AppendSystemPrompt { get; init; }
    public string? TaskFile { get; init; }
}
