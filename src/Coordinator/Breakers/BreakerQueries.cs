using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Breakers;

/// <summary>The breakers for the API, the CLI and the web page, and an operator's reset.</summary>
public sealed class BreakerQueries(StaminaDatabase database, TimeProvider clock)
{
    /// <summary>Tripped breakers first (open, then half-open), then closed ones that counted failures lately.</summary>
    public async Task<IReadOnlyList<BreakerView>> ListAsync(bool trippedOnly, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var breakers = await new BreakerBook(connection, null, database.Dialect).ListAsync(trippedOnly);
        return [.. breakers.Where(b => b.OpenUntil is not null || b.Recent.Count > 0)
            .Select(b => BreakerView.Of(b, now))
            .OrderBy(v => v.Status == BreakerStatuses.Open ? 0 : v.Status == BreakerStatuses.HalfOpen ? 1 : 2)
            .ThenBy(v => v.Scope, StringComparer.Ordinal).ThenBy(v => v.Key, StringComparer.Ordinal)];
    }

    /// <summary>Closes the breaker and forgets its failures; null when there is no such breaker.</summary>
    public async Task<BreakerView?> ResetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var saga = await database.BeginEventTransactionAsync(cancellationToken);
        var book = new BreakerBook(saga.Connection, saga.Transaction, database.Dialect);
        if (await book.FindAsync(id) is not { } breaker)
            return null;
        var now = clock.GetUtcNow();
        breaker.Close(now);
        await book.SaveAsync(breaker);
        await saga.CommitAsync(cancellationToken);
        return BreakerView.Of(breaker, now);
    }
}
