namespace Stamina.Coordinator.Journal;

/// <summary>How an attempt ended, as stored in its row. Outcomes: succeeded, failed, timedOut, lost, released, cancelled.</summary>
public record AttemptEnding(
    string Outcome,
    DateTimeOffset EndedAt,
    int? ExitCode = null,
    string? ErrorClass = null,
    string? Message = null,
    string? Branch = null);
