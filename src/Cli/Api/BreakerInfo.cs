namespace Stamina.Cli.Api;

/// <summary>A circuit breaker as <c>GET /api/breakers</c> shows it.</summary>
sealed record BreakerInfo
{
    public Guid Id { get; init; }

    /// <summary>repo or account.</summary>
    public string? Scope { get; init; }

    public string? Key { get; init; }

    /// <summary>closed, open or halfOpen; kept as text so a new status still shows.</summary>
    public string? Status { get; init; }

    public string? Signature { get; init; }
    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? OpenUntil { get; init; }
    public int Trips { get; init; }
    public int RecentFailures { get; init; }
    public double? CoolDownSeconds { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}
