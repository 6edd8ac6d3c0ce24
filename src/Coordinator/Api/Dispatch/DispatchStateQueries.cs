using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Dispatch.Pauses;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Spend;

namespace Stamina.Coordinator.Api.Dispatch;

/// <summary>Reads the dispatch state for the API and <c>stats</c>, from the same sources the dispatcher holds by.</summary>
public sealed class DispatchStateQueries(StaminaDatabase database, DispatchHolds holds, DispatchPauses pauses, SpendCaps caps, TimeProvider clock)
{
    public async Task<DispatchView> GetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var set = await holds.ReadAsync(connection, now, cancellationToken);
        var paused = await pauses.ListAsync(cancellationToken);
        return new DispatchView
        {
            Paused = paused.Any(p => p.Pool is null),
            Pauses = paused,
            CapsReached = await caps.ReachedAsync(connection, null, now, includeAccounts: true, cancellationToken),
            Holds = set.Scopes,
        };
    }
}
