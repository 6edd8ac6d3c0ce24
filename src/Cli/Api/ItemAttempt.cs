namespace Stamina.Cli.Api;

internal sealed record ItemAttempt
{
    public int Number { get; init; }
    public string? Worker { get; init; }
    public string? Machine { get; init; }
    public string? Account { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>succeeded, failed, timedOut, lost, released or cancelled; null while the attempt runs.</summary>
    public string? Outcome { get; init; }

    public int? ExitCode { get; init; }
    public string? ErrorClass { get; init; }
    public string? Message { get; init; }
    public string? Branch { get; init; }
}
