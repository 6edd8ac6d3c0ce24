namespace Stamina.Cli.Api;

/// <summary>
/// The body of <c>POST /api/items</c> (and, with a key, each item of <c>POST /api/batches</c>: <see cref="BatchItemRequest"/>).
/// Unset fields are left out of the JSON (see <see cref="CliJson"/>) so the coordinator applies its own defaults, and it
/// rejects unknown fields, so nothing else may be added here.
/// </summary>
record SubmitItemRequest
{
    public required string Repo { get; init; }
    public string? Prompt { get; init; }
    public string? Harness { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public string? BaseRef { get; init; }
    public string? Pool { get; init; }
    public int? Priority { get; init; }
    public string? Timeout { get; init; }
    public int? MaxAttempts { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? Model { get; init; }
    public string? SkillLevel { get; init; }
    public int? MaxTurns { get; init; }
    public decimal? MaxBudgetUsd { get; init; }
    public string? StallTimeout { get; init; }
    public string? AppendSystemPrompt { get; init; }
    public string? TaskFile { get; init; }

    /// <summary>Items (ids; in a batch, task keys) that must succeed before this one starts.</summary>
    public IReadOnlyList<string>? After { get; init; }

    /// <summary>One of <see cref="After"/>: the item starts from its result branch.</summary>
    public string? BaseFrom { get; init; }

    /// <summary>skip (the default) or run.</summary>
    public string? OnDependencyFailure { get; init; }

    /// <summary>Makes the task a pipeline of these steps, each on the branch of the one before.</summary>
    public IReadOnlyList<PipelineStepRequest>? Steps { get; init; }

    public int? ReviewRounds { get; init; }
}
