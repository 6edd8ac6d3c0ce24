using Stamina.Contracts;

namespace Stamina.Coordinator.Journal;

/// <summary>How an attempt ended, as stored in its row. Outcomes: succeeded, failed, timedOut, lost, released, cancelled.</summary>
public record AttemptEnding(
    string Outcome,
    DateTimeOffset EndedAt,
    int? ExitCode = null,
    string? ErrorClass = null,
    string? Message = null,
    string? Branch = null)
{
    public AgentProgress? Progress { get; init; }

    /// <summary>What the attempt pushed, if anything: the next attempt may start from it.</summary>
    public AttemptResult? Result { get; init; }

    public DateTimeOffset? AccountLimitedUntil { get; init; }

    /// <summary>What the worker's pre- or post-task hook wrote, kept with the attempt.</summary>
    public string? HookOutput { get; init; }

    /// <summary>A reviewer step's verdict, checked by the coordinator.</summary>
    public ReviewVerdict? Verdict { get; init; }
}
