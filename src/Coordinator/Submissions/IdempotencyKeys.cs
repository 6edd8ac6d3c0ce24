using Dapper;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Api;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Submissions;

/// <summary>
/// Which item each idempotency key names. The key's row is committed before the item is submitted to the
/// saga, so a request that dies in between leaves a key whose item a retry submits again (same id: the saga
/// answers a duplicate submission with the existing item).
/// </summary>
public sealed class IdempotencyKeys(StaminaDatabase database, IOptions<ApiSettings> settings, TimeProvider clock)
{
    /// <summary>
    /// The item <paramref name="key"/> names: <paramref name="newItemId"/> with <paramref name="fingerprint"/> if
    /// the key is new or expired, else the item (and fingerprint) of the request that used it first.
    /// </summary>
    public async Task<KeyedItem> ClaimAsync(string key, Guid newItemId, string fingerprint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + settings.Value.IdempotencyWindow;
        await using var write = await database.BeginEventTransactionAsync(cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from idempotency_keys where expires_at <= @now", new { now }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into idempotency_keys (key, item_id, fingerprint, created_at, expires_at)
            values (@key, @newItemId, @fingerprint, @now, @expiresAt)
            on conflict (key) do nothing
            """, new { key, newItemId, fingerprint, now, expiresAt }, transaction, cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<KeyedItem>(new CommandDefinition("""
            select item_id as ItemId, fingerprint as Fingerprint from idempotency_keys where key = @key
            """, new { key }, transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return row;
    }
}
