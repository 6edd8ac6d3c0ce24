namespace Stamina.Coordinator.Breakers;

/// <summary>A breaker as <c>GET /api/breakers</c> shows it.</summary>
public sealed record BreakerView
{
    public Guid Id { get; init; }
    public string Scope { get; init; } = "";
    public string Key { get; init; } = "";

    /// <summary>closed, open or halfOpen (<see cref="BreakerStatuses"/>).</summary>
    public string Status { get; init; } = "";

    public string? Signature { get; init; }
    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? OpenUntil { get; init; }
    public double CoolDownSeconds { get; init; }
    public int Trips { get; init; }

    /// <summary>Failures counted within the window while closed.</summary>
    public int RecentFailures { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public static BreakerView Of(CircuitBreaker breaker, DateTimeOffset now) => new()
    {
        Id = breaker.Id,
        Scope = breaker.Scope,
        Key = breaker.Key,
        Status = breaker.StatusAt(now),
        Signature = breaker.Signature,
        OpenedAt = breaker.OpenedAt,
        OpenUntil = breaker.OpenUntil,
        CoolDownSeconds = breaker.CoolDown.TotalSeconds,
        Trips = breaker.Trips,
        RecentFailures = breaker.Recent.Count,
        UpdatedAt = breaker.UpdatedAt,
    };
}
