using System.Data.Common;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Breakers;

/// <summary>
/// Holds a repository's queued items while its breaker is open; once half-open, lets one item out (the probe) while no
/// probe is released or running. The claim checks the same (<see cref="RepoBreakerGate"/>), since messages released
/// before the breaker opened may still sit in the pool's queue. Also refreshes the breaker gauge: the dispatcher
/// reads this every pass on the leader.
/// </summary>
public sealed class RepoBreakerHold(StaminaDatabase database, IOptions<BreakerSettings> settings, IOptions<DispatchSettings> dispatch,
    BreakerMetrics metrics) : IDispatchHold
{
    public async Task<IReadOnlyList<DispatchHoldScope>> ReadAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!settings.Value.Enabled)
            return [];
        var book = new BreakerBook(connection, null, database.Dialect);
        var tripped = await book.ListAsync(trippedOnly: true);
        metrics.Show(tripped);
        var scopes = new List<DispatchHoldScope>();
        foreach (var breaker in tripped.Where(b => b.Scope == BreakerScopes.Repo))
        {
            var allow = 0;
            if (breaker.StatusAt(now) == BreakerStatuses.HalfOpen && breaker.OpenUntil is { } since)
            {
                var inFlight = await book.RunningProbesAsync(breaker.Scope, breaker.Key, since)
                    + await book.ReleasedProbesAsync(breaker.Key, since, now - dispatch.Value.RepublishAfter);
                allow = inFlight == 0 ? 1 : 0;
            }
            scopes.Add(new DispatchHoldScope(DispatchHoldScope.Scopes.Repo, breaker.Key, BreakerReasons.Of(breaker, now), allow));
        }
        return scopes;
    }
}
