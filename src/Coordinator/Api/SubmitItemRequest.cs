using System.Text.Json;

namespace Stamina.Coordinator.Api;

/// <summary>The body of <c>POST /api/items</c>. Everything is optional here so that validation can name what is missing.</summary>
public record SubmitItemRequest
{
    public string? Repo { get; init; }
    public string? Prompt { get; init; }
    public string? Harness { get; init; }
    public string?[]? Command { get; init; }
    public string? BaseRef { get; init; }
    public string? Pool { get; init; }
    public int? Priority { get; init; }

    /// <summary>Seconds as a number, or a string such as "90s", "30m", "2h" or "00:30:00".</summary>
    public JsonElement? Timeout { get; init; }

    public int? MaxAttempts { get; init; }
    public Dictionary<string, string?>? Labels { get; init; }
    public string? Model { get; init; }
    public string? SkillLevel { get; init; }
    public int? MaxTurns { get; init; }
    public decimal? MaxBudgetUsd { get; init; }

    /// <summary>Same forms as <see cref="Timeout"/>.</summary>
    public JsonElement? StallTimeout { get; init; }

    public string? AppendSystemPrompt { get; init; }
    public string? TaskFile { get; init; }

    /// <summary>Items (ids; in a batch also task keys) that must all succeed before this one starts.</summary>
    public string[]? After { get; init; }

    /// <summary>One of <see cref="After"/> whose branch this item starts from, instead of <see cref="BaseRef"/>.</summary>
    public string? BaseFrom { get; init; }

    /// <summary>When a dependency fails or is cancelled: "skip" (the default: end as Skipped) or "run" (run anyway).</summary>
    public string? OnDependencyFailure { get; init; }

    /// <summary>Makes the task a pipeline: these steps in order, each an item on the branch of the one before.</summary>
    public PipelineStepRequest[]? Steps { get; init; }

    /// <summary>How many rounds each reviewer step may ask for (default 2): a revise in the last one blocks the pipeline.</summary>
    public int? ReviewRounds { get; init; }
}
