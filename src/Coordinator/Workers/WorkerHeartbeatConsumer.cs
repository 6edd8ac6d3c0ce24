using Dapper;
using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Workers;

/// <summary>Keeps one row per worker: what it is, what it does, when it was last heard from.</summary>
public sealed class WorkerHeartbeatConsumer(StaminaDatabase database, TimeProvider clock, ILogger<WorkerHeartbeatConsumer> logger) :
    IConsumer<WorkerHeartbeat>,
    IConsumer<WorkerStopped>
{
    public async Task Consume(ConsumeContext<WorkerHeartbeat> context)
    {
        var beat = context.Message;
        if (string.IsNullOrWhiteSpace(beat.Worker.Name) || beat.Worker.Name.Length > 200)
            return;
        var now = clock.GetUtcNow();
        if (WorkerClock.IsAhead(beat.StartedAt, now))
        {
            // Stored, it would hide every real heartbeat of the name until that date (see WorkerClock).
            logger.LogWarning("Dropped a heartbeat of worker {Worker}: {Reason}", beat.Worker.Name,
                WorkerClock.Refusal(beat.Worker.Name, beat.Worker.Machine, beat.StartedAt, now));
            return;
        }
        await using var connection = await database.OpenConnectionAsync(context.CancellationToken);
        var record = await connection.QueryFirstOrDefaultAsync<DrainRecord>("""
            insert into workers (name, machine, pool, account, status, current_item, current_attempt, version, started_at,
                last_seen_at, interval_ms, stopped_at, limited_until, attention)
            values (@Name, @Machine, @Pool, @Account, @status, @CurrentItem, @CurrentAttempt, @Version, @StartedAt,
                @now, @intervalMs, null, @LimitedUntil, @Attention)
            on conflict (name) do update set machine = excluded.machine, pool = excluded.pool, account = excluded.account,
                status = excluded.status, current_item = excluded.current_item, current_attempt = excluded.current_attempt,
                version = excluded.version, started_at = excluded.started_at, last_seen_at = excluded.last_seen_at,
                interval_ms = excluded.interval_ms, stopped_at = null, limited_until = excluded.limited_until,
                attention = excluded.attention
            where workers.started_at <= excluded.started_at
            returning name as Name, drained_at as DrainedAt
            """, new
        {
            beat.Worker.Name,
            beat.Worker.Machine,
            beat.Worker.Pool,
            beat.Worker.Account,
            status = WorkerStatusNames.Of(beat.Status),
            beat.CurrentItem,
            beat.CurrentAttempt,
            beat.Version,
            beat.StartedAt,
            now,
            intervalMs = (int)Math.Clamp(beat.Interval.TotalMilliseconds, 100, int.MaxValue),
            beat.LimitedUntil,
            Attention = beat.Attention is { Length: > 1000 } text ? text[..1000] : beat.Attention,
        });
        if (record is not null && beat.DrainedByOperator != record.DrainedAt.HasValue)
        {
            // The worker missed a drain or an undrain (a lost message): the coordinator's record decides; say it again.
            logger.LogInformation("Worker {Worker} is {Is} but recorded {Recorded}; telling it again", beat.Worker.Name,
                beat.DrainedByOperator ? "drained" : "not drained", record.DrainedAt.HasValue ? "drained" : "not drained");
            await context.Publish(new DrainWorker { Name = beat.Worker.Name, Drain = record.DrainedAt.HasValue });
        }
    }

    /// <summary>The row as the heartbeat left it: whether the coordinator has it drained.</summary>
    sealed record DrainRecord
    {
        public string Name { get; init; } = "";
        public DateTimeOffset? DrainedAt { get; init; }
    }

    public async Task Consume(ConsumeContext<WorkerStopped> context)
    {
        await using var connection = await database.OpenConnectionAsync(context.CancellationToken);
        await connection.ExecuteAsync(
            "update workers set stopped_at = @now, status = 'stopped', current_item = null, current_attempt = null where name = @Name and started_at = @StartedAt",
            new { context.Message.Name, context.Message.StartedAt, now = clock.GetUtcNow() });
    }
}
