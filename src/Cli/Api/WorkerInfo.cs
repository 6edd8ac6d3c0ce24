namespace Stamina.Cli.Api;

/// <summary>A worker as <c>GET /api/workers</c> shows it.</summary>
internal sealed record WorkerInfo
{
    public string? Name { get; init; }
    public string? Machine { get; init; }
    public string? Pool { get; init; }
    public string? Account { get; init; }

    /// <summary>idle, busy, draining or offline.</summary>
    public string? State { get; init; }

    public Guid? CurrentItem { get; init; }
    public int? CurrentAttempt { get; init; }
    public string? Version { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? LastSeenAt { get; init; }
}
