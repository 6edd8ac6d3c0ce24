using Stamina.Coordinator.Items;

namespace Stamina.Coordinator.Breakers;

/// <summary>The waiting reason a tripped breaker gives its items (repository) or its workers (account).</summary>
public static class BreakerReasons
{
    public static WaitingReason Of(CircuitBreaker breaker, DateTimeOffset now)
    {
        var what = breaker.Scope == BreakerScopes.Repo ? "repository" : "account";
        return breaker.StatusAt(now) == BreakerStatuses.Open
            ? new WaitingReason(WaitingKinds.Breaker, $"{what} breaker open after repeated failures: {breaker.Signature}", breaker.OpenUntil)
            : new WaitingReason(WaitingKinds.Breaker, $"{what} breaker half-open: one probe runs first ({breaker.Signature})");
    }
}
