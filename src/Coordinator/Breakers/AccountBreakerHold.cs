using System.Data.Common;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Breakers;

/// <summary>
/// Refuses an account's claims while its breaker is open (the worker rests until the cool-down's end); once half-open,
/// grants one claim (the probe) and refuses the others while it runs. The row is locked for the half-open check, so
/// two workers of the account claiming at once do not both become the probe.
/// </summary>
public sealed class AccountBreakerHold(StaminaDatabase database, IOptions<BreakerSettings> settings) : IAccountHold
{
    /// <summary>While the probe runs, the account's other workers ask again after this long at most.</summary>
    static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(30);

    public async Task<AccountHold?> FindAsync(DbConnection connection, DbTransaction? transaction, string account, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (!settings.Value.Enabled)
            return null;
        var book = new BreakerBook(connection, transaction, database.Dialect);
        if (await book.FindAsync(BreakerScopes.Account, account) is not { OpenUntil: { } until } breaker)
            return null;
        if (now < until)
            return new AccountHold(until, BreakerReasons.Of(breaker, now));
        breaker = await book.LockAsync(BreakerScopes.Account, account, now);
        if (breaker.OpenUntil is not { } since || now < since)
            return breaker.OpenUntil is { } reopened ? new AccountHold(reopened, BreakerReasons.Of(breaker, now)) : null;
        if (await book.RunningProbesAsync(BreakerScopes.Account, account, since) == 0)
            return null;
        var wait = breaker.CoolDown < ProbeWait ? breaker.CoolDown : ProbeWait;
        return new AccountHold(now + wait, BreakerReasons.Of(breaker, now));
    }
}
