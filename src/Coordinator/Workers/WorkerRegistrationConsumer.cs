using Dapper;
using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Answers;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Workers;

/// <summary>
/// Admits a new run of a worker name, or refuses it while another run of the name is alive: not stopped,
/// and heard within three of its heartbeat intervals. A run from the same machine and work directory as
/// the recorded one is admitted at once: it holds the directory's lock, so the recorded run is dead
/// (killed with -9 and restarted, say) however recently it was heard.
/// </summary>
public sealed class WorkerRegistrationConsumer(StaminaDatabase database, TimeProvider clock, Answerer answers, ILogger<WorkerRegistrationConsumer> logger)
    : IConsumer<RegisterWorker>
{
    public async Task Consume(ConsumeContext<RegisterWorker> context)
    {
        var run = context.Message;
        var name = run.Worker.Name;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            await answers.AnswerAsync(context, new WorkerRefused { Name = name, Reason = "A worker name must have 1 to 200 characters." });
            return;
        }
        var now = clock.GetUtcNow();
        if (WorkerClock.IsAhead(run.StartedAt, now))
        {
            var ahead = WorkerClock.Refusal(name, run.Worker.Machine, run.StartedAt, now);
            logger.LogWarning("Refused worker {Worker} from {Machine}: {Reason}", name, run.Worker.Machine, ahead);
            await answers.AnswerAsync(context, new WorkerRefused { Name = name, Reason = ahead });
            return;
        }
        await using var transaction = await database.BeginEventTransactionAsync(context.CancellationToken);
        var connection = transaction.Connection;
        if (database.Dialect.KeyLock is { } keyLock)
            await connection.ExecuteAsync(keyLock, new { key = "worker:" + name }, transaction.Transaction);
        var current = await connection.QuerySingleOrDefaultAsync<CurrentRun>($"""
            select machine as Machine, work_dir as WorkDir, started_at as StartedAt, last_seen_at as LastSeenAt,
                interval_ms as IntervalMs, stopped_at as StoppedAt
            from workers where name = @name{database.Dialect.RowLock}
            """, new { name }, transaction.Transaction);
        if (current is not null && current.StartedAt != run.StartedAt && current.IsAlive(now) && !current.IsPredecessorOf(run))
        {
            var reason = $"Worker name '{name}' is in use by a live run on {current.Machine} (started {current.StartedAt:u}, "
                + $"heard {(now - current.LastSeenAt).TotalSeconds:0}s ago, work dir {current.WorkDir ?? "unknown"}): "
                + "give this worker another --name, or stop the other run first.";
            logger.LogWarning("Refused worker {Worker} from {Machine}: {Reason}", name, run.Worker.Machine, reason);
            await answers.AnswerAsync(context, new WorkerRefused { Name = name, Reason = reason });
            return;
        }
        await connection.ExecuteAsync("""
            insert into workers (name, machine, pool, account, status, current_item, current_attempt, version, started_at,
                last_seen_at, interval_ms, stopped_at, limited_until, attention, work_dir)
            values (@Name, @Machine, @Pool, @Account, 'idle', null, null, @Version, @StartedAt, @now, @intervalMs, null, null, null, @WorkDir)
            on conflict (name) do update set machine = excluded.machine, pool = excluded.pool, account = excluded.account,
                status = excluded.status, current_item = null, current_attempt = null, version = excluded.version,
                started_at = excluded.started_at, last_seen_at = excluded.last_seen_at, interval_ms = excluded.interval_ms,
                stopped_at = null, limited_until = null, attention = null, work_dir = excluded.work_dir
            """, new
        {
            run.Worker.Name,
            run.Worker.Machine,
            run.Worker.Pool,
            run.Worker.Account,
            run.Version,
            run.StartedAt,
            now,
            intervalMs = (int)Math.Clamp(run.Interval.TotalMilliseconds, 100, int.MaxValue),
            run.WorkDir,
        }, transaction.Transaction);
        var drained = await connection.ExecuteScalarAsync<bool>(
            "select exists (select 1 from workers where name = @name and drained_at is not null)", new { name }, transaction.Transaction);
        await transaction.CommitAsync(context.CancellationToken);
        logger.LogInformation("Worker {Worker} registered from {Machine} ({WorkDir}){Drained}", name, run.Worker.Machine, run.WorkDir,
            drained ? ", drained" : "");
        await answers.AnswerAsync(context, new WorkerRegistered { Name = name, StartedAt = run.StartedAt, Drained = drained });
    }

    sealed record CurrentRun
    {
        public string Machine { get; init; } = "";
        public string? WorkDir { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset LastSeenAt { get; init; }
        public int IntervalMs { get; init; }
        public DateTimeOffset? StoppedAt { get; init; }

        /// <summary>The same window in which <c>GET /api/workers</c> shows a worker as not offline.</summary>
        public bool IsAlive(DateTimeOffset now) => StoppedAt is null && now - LastSeenAt <= TimeSpan.FromMilliseconds(IntervalMs) * 3;

        public bool IsPredecessorOf(RegisterWorker run) =>
            Machine == run.Worker.Machine && WorkDir is not null && WorkDir == run.WorkDir;
    }
}
