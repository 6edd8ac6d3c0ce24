using System.Data.Common;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// Every registered <see cref="IDispatchHold"/> and <see cref="IAccountHold"/> behind one door: the dispatcher reads
/// the holds fresh every pass; claims and the API reuse a read younger than one dispatch poll, so a burst of claims
/// costs no query per claim (a pause therefore stops claims within one poll interval).
/// </summary>
public sealed class DispatchHolds(
    IEnumerable<IDispatchHold> holds,
    IEnumerable<IAccountHold> accountHolds,
    StaminaDatabase database,
    IOptions<DispatchSettings> settings,
    TimeProvider clock)
{
    readonly IDispatchHold[] sources = [.. holds];
    readonly IAccountHold[] accountSources = [.. accountHolds];
    volatile HoldSet latest = HoldSet.None;

    public async Task<HoldSet> ReadAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scopes = new List<DispatchHoldScope>();
        foreach (var source in sources)
            scopes.AddRange(await source.ReadAsync(connection, now, cancellationToken));
        var set = new HoldSet(scopes, now);
        latest = set;
        return set;
    }

    /// <summary>The holds as of at most one dispatch poll ago, read again on a connection of its own when older.</summary>
    public async Task<HoldSet> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var set = latest;
        if (set.ReadAt <= now && now - set.ReadAt < settings.Value.PollInterval)
            return set;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, now, cancellationToken);
    }

    /// <summary>Forget the last read: the next question reads again (after a pause or a resume, say).</summary>
    public void Invalidate() => latest = HoldSet.None;

    /// <summary>The account hold that lasts longest, if any.</summary>
    public async Task<AccountHold?> FindAccountHoldAsync(DbConnection connection, DbTransaction? transaction, string account, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        AccountHold? longest = null;
        foreach (var source in accountSources)
        {
            if (await source.FindAsync(connection, transaction, account, now, cancellationToken) is { } hold && (longest is null || hold.Until > longest.Until))
                longest = hold;
        }

        return longest;
    }
}
