using System.Diagnostics.Metrics;
using Stamina.Coordinator.Telemetry;

namespace Stamina.Coordinator.Breakers;

/// <summary>
/// <c>stamina.breaker.open</c> (1 while a breaker is open or half-open, 0 once it closed) from the tripped breakers the
/// leader's dispatcher reads every pass (never from the database at scrape time). The counter of openings is the
/// <see cref="BreakerRecorder"/>'s.
/// </summary>
public sealed class BreakerMetrics
{
    volatile IReadOnlyList<FleetSnapshot.Row> tripped = [];
    readonly SeenSeries open = new(["scope", "key"]);

    public BreakerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(CoordinatorMetrics.MeterName);
        meter.CreateObservableGauge("stamina.breaker.open", () => open.Read(tripped),
            description: "1 while a circuit breaker (scope repo or account) is open or half-open");
    }

    public void Show(IEnumerable<CircuitBreaker> breakers) =>
        tripped = [.. breakers.Where(b => b.OpenUntil is not null).Select(b => new FleetSnapshot.Row([b.Scope, b.Key], 1))];
}
