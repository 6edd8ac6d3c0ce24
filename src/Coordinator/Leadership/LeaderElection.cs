using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Stamina.Coordinator.Leases;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Leadership;

/// <summary>
/// Elects one leader among the coordinators on one PostgreSQL: the replica whose dedicated connection holds a
/// session-level advisory lock. A standby tries the lock every <see cref="LeadershipSettings.PollInterval"/>; the
/// leader checks its connection as often and steps down at once when the check fails or takes half the session
/// timeout. The lock ends with
/// the session, so a dead leader (its socket closed by the kernel, or its session ended by the database's
/// <c>idle_session_timeout</c> when it froze) hands over within a poll. On SQLite (one process) this replica leads.
/// </summary>
public sealed class LeaderElection(
    StaminaDatabase database,
    CoordinatorLeadership leadership,
    LeaseHearing hearing,
    IOptions<LeadershipSettings> settings,
    TimeProvider clock,
    ILogger<LeaderElection> logger) : BackgroundService
{
    readonly SemaphoreSlim steppingDown = new(1, 1);
    bool warnedOldServer;

    /// <summary>"STAMINA" + 1: next to the migration runner's key (<see cref="SqlDialect.Postgres"/>).</summary>
    public const long LockKey = 23455062513241666;

    const string Try = "select pg_try_advisory_lock(@key) as Held, now() as DatabaseNow";

    const string Check = """
        select exists(select 1 from pg_locks where locktype = 'advisory' and granted and pid = pg_backend_pid()
                      and classid::bigint = (@key >> 32) and objid::bigint = (@key & 4294967295) and objsubid = 1) as Held,
               now() as DatabaseNow
        """;

    /// <summary>The holder's name, from its session's <c>application_name</c>, for standbys to show.</summary>
    const string Holder = """
        select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())
          and l.classid::bigint = (@key >> 32)
          and l.objid::bigint = (@key & 4294967295) and l.objsubid = 1
        """;

    const string NamePrefix = "stamina-leader ";

    NpgsqlConnection? session;
    bool skewed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database is not PostgresDatabase postgres)
        {
            // One process owns the store: nobody to elect.
            BecomeLeader("the store is SQLite (one process)");
            return;
        }
        try
        {
            using var timer = new PeriodicTimer(settings.Value.PollInterval, clock);
            do
                await PollAsync(postgres, stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await StepDownAsync();
        }
    }

    /// <summary>One election step: take the lock if free, or check that we still hold it. Public for tests.</summary>
    public async Task PollAsync(PostgresDatabase postgres, CancellationToken stoppingToken)
    {
        // A leader cut off from the database steps down before the database could end its session and let a standby lead:
        // its last good check + a poll + this stays under SessionTimeout (validated at start).
        var patience = settings.Value.SessionTimeout / 2;
        using var late = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        late.CancelAfter(patience);
        try
        {
            session ??= await OpenAsync(postgres, late.Token);
            var leading = leadership.IsLeader;
            var before = clock.GetUtcNow();
            var answer = await session.QuerySingleAsync<LockAnswer>(new CommandDefinition(leading ? Check : Try, new { key = LockKey },
                cancellationToken: late.Token));
            MeasureSkew(before, clock.GetUtcNow(), answer.DatabaseNow);
            if (answer.Held && !leading)
            {
                BecomeLeader("it took the leader's lock");
            }
            else if (!answer.Held && leading)
            {
                await LoseAsync("its session no longer holds the leader's lock");
            }
            else if (!answer.Held)
            {
                leadership.Leader = (await session.QueryFirstOrDefaultAsync<string>(new CommandDefinition(Holder, new { key = LockKey },
                    cancellationToken: late.Token)))?.Replace(NamePrefix, "", StringComparison.Ordinal);
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            var why = late.IsCancellationRequested ? $"its lock's connection did not answer within {patience}" : exception.Message;
            if (leadership.IsLeader)
                await LoseAsync(why);
            else
                logger.LogDebug("Leader election could not reach the database ({Message}); trying again", why);
            await CloseAsync();
        }
    }

    async Task<NpgsqlConnection> OpenAsync(PostgresDatabase postgres, CancellationToken cancellationToken)
    {
        var connection = await postgres.OpenSessionConnectionAsync(cancellationToken);
        try
        {
            // The name lets standbys say who leads; the timeouts let the database end a frozen or cut-off leader's session
            // (idle_session_timeout: PostgreSQL 14+; the keepalives apply over TCP only).
            var name = (NamePrefix + CoordinatorLeadership.ReplicaName)[..Math.Min(63, NamePrefix.Length + CoordinatorLeadership.ReplicaName.Length)];
            var idle = (int)settings.Value.SessionTimeout.TotalMilliseconds;
            await connection.ExecuteAsync(new CommandDefinition("""
                select set_config('application_name', @name, false),
                       set_config('tcp_keepalives_idle', '5', false), set_config('tcp_keepalives_interval', '2', false),
                       set_config('tcp_keepalives_count', '3', false)
                """, new { name }, cancellationToken: cancellationToken));
            if (connection.PostgreSqlVersion.Major >= 14)
            {
                await connection.ExecuteAsync(new CommandDefinition("select set_config('idle_session_timeout', @idle, false)",
                    new { idle = idle.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken));
            }
            else if (!warnedOldServer)
            {
                warnedOldServer = true;
                logger.LogWarning("PostgreSQL {Version} has no idle_session_timeout (14+): a frozen leader keeps its lock until it runs again, and no other coordinator leads meanwhile",
                    connection.PostgreSqlVersion);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    void BecomeLeader(string why)
    {
        // A new leader has heard nothing yet: it judges no lease before a full lease period from now (restarted before the
        // term begins, so the reaper never sees a leader with a standby's hearing).
        hearing.Restart($"{CoordinatorLeadership.ReplicaName} became the leader");
        leadership.Begin();
        logger.LogInformation("This coordinator ({Replica}) is now the leader: {Why}", CoordinatorLeadership.ReplicaName, why);
    }

    async Task LoseAsync(string why)
    {
        leadership.End();
        logger.LogWarning("This coordinator ({Replica}) is no longer the leader: {Why}; its leader loops stopped", CoordinatorLeadership.ReplicaName, why);
        await CloseAsync();
    }

    async Task StepDownAsync()
    {
        // The loop's end and the host's stop may both step down at once: one at a time, one close of the session.
        await steppingDown.WaitAsync();
        try
        {
            await StepDownOnceAsync();
        }
        finally
        {
            steppingDown.Release();
        }
    }

    async Task StepDownOnceAsync()
    {
        var led = leadership.IsLeader;
        leadership.End();
        if (led && session is not null)
        {
            try
            {
                using var quick = new CancellationTokenSource(settings.Value.PollInterval);
                await session.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@key)", new { key = LockKey }, cancellationToken: quick.Token));
            }
            catch (Exception exception)
            {
                logger.LogDebug("Releasing the leader's lock failed ({Message}); closing its connection releases it", exception.Message);
            }
        }
        await CloseAsync();
        if (led)
            logger.LogInformation("This coordinator ({Replica}) stopped leading", CoordinatorLeadership.ReplicaName);
    }

    async Task CloseAsync()
    {
        if (session is null)
            return;
        // Unpooled: closing ends the session, and with it the lock.
        await session.DisposeAsync();
        session = null;
    }

    /// <summary>Steps down even when the loop never ran (a host stopped while starting): the lock must not outlive the stop.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await StepDownAsync();
    }

    public override void Dispose()
    {
        session?.Dispose();
        session = null;
        steppingDown.Dispose();
        base.Dispose();
    }

    void MeasureSkew(DateTimeOffset before, DateTimeOffset after, DateTime databaseNow)
    {
        var offset = before + (after - before) / 2 - new DateTimeOffset(DateTime.SpecifyKind(databaseNow, DateTimeKind.Utc));
        leadership.ClockOffset = offset;
        var over = offset.Duration() > settings.Value.SkewWarning;
        if (over && !skewed)
        {
            logger.LogWarning("This coordinator's clock is {Offset} off the database's (more than {Bound}): keep replicas' clocks in sync (NTP); see docs/architecture.md",
                offset, settings.Value.SkewWarning);
        }

        skewed = over;
    }

    sealed record LockAnswer(bool Held, DateTime DatabaseNow);
}
