namespace Stamina.Contracts;

/// <summary>The end of an attempt. Accepted only under the current token while the item runs.</summary>
public record CompleteAttempt
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }
    public string Worker { get; init; } = "";

    /// <summary>The attempt's secret from its claim grant: proves the result comes from the holder.</summary>
    public AttemptSecret? Secret { get; init; }

    /// <summary>Informational: a usage limit rests the account the attempt was claimed with, never the one named here.</summary>
    public string? Account { get; init; }
    public AttemptOutcome Outcome { get; init; }
    public int? ExitCode { get; init; }
    public string? ErrorClass { get; init; }
    public string? Message { get; init; }
    public AttemptResult? Result { get; init; }
    public AgentProgress? Progress { get; init; }

    /// <summary>A reviewer step's validated verdict; null for every other item.</summary>
    public ReviewVerdict? Verdict { get; init; }

    /// <summary>Set with error class <c>usage_limit</c>: the account takes no work before this time.</summary>
    public DateTimeOffset? AccountLimitedUntil { get; init; }

    /// <summary>What the worker's pre- or post-task hook wrote (bounded and redacted), kept with the attempt.</summary>
    public string? HookOutput { get; init; }
}
