using System.Text.Json;

namespace Stamina.Coordinator.Api;

/// <summary>
/// One step of a pipeline in <c>POST /api/items</c> (and a batch's task): its name, whether it is a reviewer, and the
/// item fields it overrides (at least a prompt, for an agent). The rest comes from the task around it.
/// </summary>
public record PipelineStepRequest
{
    public string? Name { get; init; }

    /// <summary>A reviewer step: it must end with a verdict about the step before it.</summary>
    public bool? Review { get; init; }

    public string? Prompt { get; init; }
    public string? TaskFile { get; init; }
    public string? Harness { get; init; }
    public string?[]? Command { get; init; }
    public string? Pool { get; init; }
    public int? Priority { get; init; }
    public JsonElement? Timeout { get; init; }
    public int? MaxAttempts { get; init; }
    public string? Model { get; init; }
    public string? SkillLevel { get; init; }
    public int? MaxTurns { get; init; }
    public decimal? MaxBudgetUsd { get; init; }
    public JsonElement? StallTimeout { get; init; }
    public string? AppendSystemPrompt { get; init; }
}
