using Dapper;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;

namespace Stamina.Coordinator.WorkItems;

/// <summary>SQL for the <c>work_items</c> saga rows. The dispatcher's columns (published_*) are left alone.</summary>
public sealed class WorkItemSagaStore(StaminaDatabase database) : ISagaRowStore<WorkItemState>
{
    const string Columns = """
        id as CorrelationId, state as CurrentState, attempt, failures, lost_attempts as LostAttempts, max_attempts as MaxAttempts, pool, priority,
        not_before as NotBefore, lease_expires_at as LeaseExpiresAt, last_heartbeat_at as LastHeartbeatAt, holder,
        created_at as CreatedAt, updated_at as UpdatedAt, version
        """;

    public async Task<WorkItemState?> LoadForUpdateAsync(SagaTransaction transaction, Guid correlationId, CancellationToken cancellationToken) =>
        await transaction.Connection.QuerySingleOrDefaultAsync<WorkItemState>(new CommandDefinition(
            $"select {Columns} from work_items where id = @correlationId{database.Dialect.RowLock}",
            new { correlationId }, transaction.Transaction, cancellationToken: cancellationToken));

    public Task InsertAsync(SagaTransaction transaction, WorkItemState instance, CancellationToken cancellationToken) =>
        transaction.Connection.ExecuteAsync(new CommandDefinition("""
            insert into work_items (id, state, attempt, failures, lost_attempts, max_attempts, pool, priority, not_before,
                lease_expires_at, last_heartbeat_at, holder, created_at, updated_at, version)
            values (@CorrelationId, @CurrentState, @Attempt, @Failures, @LostAttempts, @MaxAttempts, @Pool, @Priority, @NotBefore,
                @LeaseExpiresAt, @LastHeartbeatAt, @Holder, @CreatedAt, @UpdatedAt, 1)
            """, instance, transaction.Transaction, cancellationToken: cancellationToken));

    public async Task UpdateAsync(SagaTransaction transaction, WorkItemState instance, CancellationToken cancellationToken)
    {
        // The row is locked for this transaction, so the version check is a guard against a bug, not a race.
        var updated = await transaction.Connection.ExecuteAsync(new CommandDefinition("""
            update work_items set state = @CurrentState, attempt = @Attempt, failures = @Failures, lost_attempts = @LostAttempts,
                max_attempts = @MaxAttempts, pool = @Pool, priority = @Priority, not_before = @NotBefore,
                lease_expires_at = @LeaseExpiresAt, last_heartbeat_at = @LastHeartbeatAt, holder = @Holder,
                updated_at = @UpdatedAt, version = version + 1,
                -- Entering Queued again (retry, release, reclaim) needs a new message even if the token is unchanged;
                -- so does a message a worker could not take (its account is limited).
                published_token = case when (@CurrentState = 'Queued' and state <> 'Queued') or @RepublishNow then null else published_token end
            where id = @CorrelationId and version = @Version
            """, instance, transaction.Transaction, cancellationToken: cancellationToken));
        if (updated != 1)
            throw new InvalidOperationException($"Work item {instance.CorrelationId} changed under its row lock (version {instance.Version}).");
        instance.Version++;
    }

    public Task DeleteAsync(SagaTransaction transaction, WorkItemState instance, CancellationToken cancellationToken) =>
        transaction.Connection.ExecuteAsync(new CommandDefinition(
            "delete from work_items where id = @CorrelationId", instance, transaction.Transaction, cancellationToken: cancellationToken));
}
