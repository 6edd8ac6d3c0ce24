using System.Data.Common;
using Dapper;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Dispatch.Pauses;

/// <summary>
/// Paused dispatch (<c>dispatch_pauses</c>; the whole fleet is the pool ''), and the hold it puts on the dispatcher:
/// a paused pool's queued items are not released, running ones go on. Pausing again replaces the reason.
/// </summary>
public sealed class DispatchPauses(StaminaDatabase database, TimeProvider clock) : IDispatchHold
{
    const string Fleet = "";

    public async Task<DispatchPause> PauseAsync(string? pool, string? reason, CancellationToken cancellationToken)
    {
        var pause = new DispatchPause(pool, reason, clock.GetUtcNow());
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into dispatch_pauses (pool, reason, paused_at) values (@pool, @reason, @pausedAt)
            on conflict (pool) do update set reason = excluded.reason, paused_at = excluded.paused_at
            """, new { pool = pool ?? Fleet, reason, pausedAt = pause.PausedAt }, cancellationToken: cancellationToken));
        return pause;
    }

    /// <summary>Without a pool, every pause ends (the fleet's and each pool's); with one, only that pool's.</summary>
    /// <returns>The pauses that ended.</returns>
    public async Task<IReadOnlyList<DispatchPause>> ResumeAsync(string? pool, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var ended = await ListAsync(connection, cancellationToken);
        ended = [.. ended.Where(p => pool is null || p.Pool == pool)];
        await connection.ExecuteAsync(new CommandDefinition(pool is null ? "delete from dispatch_pauses" : "delete from dispatch_pauses where pool = @pool",
            new { pool }, cancellationToken: cancellationToken));
        return ended;
    }

    public async Task<IReadOnlyList<DispatchPause>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ListAsync(connection, cancellationToken);
    }

    static async Task<IReadOnlyList<DispatchPause>> ListAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Pool, string? Reason, DateTimeOffset PausedAt)>(new CommandDefinition(
            "select pool, reason, paused_at from dispatch_pauses order by pool", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DispatchPause(r.Pool == Fleet ? null : r.Pool, r.Reason, r.PausedAt))];
    }

    public async Task<IReadOnlyList<DispatchHoldScope>> ReadAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken) =>
        [.. (await ListAsync(connection, cancellationToken)).Select(ScopeOf)];

    static DispatchHoldScope ScopeOf(DispatchPause pause)
    {
        var what = pause.Pool is null ? "dispatch is paused" : $"dispatch is paused for pool {pause.Pool}";
        var reason = new WaitingReason(WaitingKinds.Pause, pause.Reason is { Length: > 0 } why ? $"{what}: {why}" : what);
        return pause.Pool is null
            ? new DispatchHoldScope(DispatchHoldScope.Scopes.All, "", reason)
            : new DispatchHoldScope(DispatchHoldScope.Scopes.Pool, pause.Pool, reason);
    }
}
