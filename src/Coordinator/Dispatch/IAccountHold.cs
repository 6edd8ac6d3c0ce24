using System.Data.Common;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// A reason to refuse an account's claims for a while (a spend cap, an open breaker), checked at claim beside the
/// usage limit: the claim is rejected with <c>AccountLimitedUntil</c> and that worker rests until then, while other
/// accounts take the item.
/// </summary>
public interface IAccountHold
{
    Task<AccountHold?> FindAsync(DbConnection connection, DbTransaction? transaction, string account, DateTimeOffset now,
        CancellationToken cancellationToken);
}
