using System.Text.Json;

namespace Stamina.Coordinator.Breakers;

/// <summary>A <c>breakers</c> row as Dapper reads it.</summary>
sealed record BreakerRow
{
    public Guid Id { get; init; }
    public string Scope { get; init; } = "";
    public string Key { get; init; } = "";
    public string? Signature { get; init; }
    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? OpenUntil { get; init; }
    public long CoolDownMs { get; init; }
    public int Trips { get; init; }
    public string Recent { get; init; } = "[]";
    public DateTimeOffset UpdatedAt { get; init; }

    public const string Columns = """
        id as Id, scope as Scope, key as Key, signature as Signature, opened_at as OpenedAt, open_until as OpenUntil,
        cool_down_ms as CoolDownMs, trips as Trips, recent as Recent, updated_at as UpdatedAt
        """;

    public CircuitBreaker ToBreaker() => CircuitBreaker.Restore(Id, Scope, Key, Signature, OpenedAt, OpenUntil,
        TimeSpan.FromMilliseconds(CoolDownMs), Trips, JsonSerializer.Deserialize<List<BreakerFailure>>(Recent) ?? [], UpdatedAt);
}
