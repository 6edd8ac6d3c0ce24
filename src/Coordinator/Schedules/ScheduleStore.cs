using System.Text.Json;
using Dapper;
using Stamina.Coordinator.Api;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Schedules;

/// <summary>The <c>schedules</c> and <c>schedule_occurrences</c> tables, on either store.</summary>
public sealed class ScheduleStore(StaminaDatabase database)
{
    const string Columns = """
        s.id as Id, s.name as Name, s.cron as Cron, s.time_zone as TimeZone, s.batch as Batch, s.missed as Missed,
        s.overlap as Overlap, s.paused as Paused, s.created_at as CreatedAt, s.not_before as NotBefore,
        (select max(o.occurrence) from schedule_occurrences o where o.schedule_id = s.id) as LastOccurrence
        from schedules s
        """;

    const string OccurrenceColumns = """
        schedule_id as ScheduleId, occurrence as Occurrence, outcome as Outcome, missed as Missed, detail as Detail,
        batch_id as BatchId, recorded_at as RecordedAt from schedule_occurrences
        """;

    public async Task<Guid> AddAsync(ValidSchedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var batch = JsonSerializer.Serialize(schedule.Batch, ApiJson.Strict);
        await WriteAsync("""
            insert into schedules (id, name, cron, time_zone, batch, missed, overlap, paused, created_at, not_before)
            values (@id, @Name, @Cron, @TimeZone, @batch, @Missed, @Overlap, @paused, @now, @now)
            """, new { id, schedule.Name, schedule.Cron, schedule.TimeZone, batch, schedule.Missed, schedule.Overlap, paused = false, now },
            cancellationToken);
        return id;
    }

    public async Task<IReadOnlyList<ScheduleRow>> ListAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var where = activeOnly ? " where s.paused = @paused" : "";
        return (await connection.QueryAsync<ScheduleRow>(new CommandDefinition($"select {Columns}{where} order by s.created_at, s.id",
            new { paused = false }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<ScheduleRow?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ScheduleRow>(new CommandDefinition($"select {Columns} where s.id = @id",
            new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the schedule and its record of occurrences; the batches it made stay.</summary>
    public async Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken) =>
        await WriteAsync("delete from schedules where id = @id", new { id }, cancellationToken) > 0;

    /// <summary>
    /// Pauses, or resumes from <paramref name="now"/>: occurrences that passed while paused are neither fired nor recorded
    /// (resuming moves <c>not_before</c>). False when there is no such schedule.
    /// </summary>
    public async Task<bool> SetPausedAsync(Guid id, bool paused, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync(paused
            ? "update schedules set paused = @paused where id = @id"
            : "update schedules set paused = @paused, not_before = case when paused = @wasPaused then @now else not_before end where id = @id",
            new { id, paused, wasPaused = true, now }, cancellationToken) > 0;

    /// <summary>The latest recorded occurrence of each schedule in <paramref name="ids"/>.</summary>
    public async Task<IReadOnlyDictionary<Guid, OccurrenceRow>> LatestAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return new Dictionary<Guid, OccurrenceRow>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<OccurrenceRow>(new CommandDefinition($"""
            select {OccurrenceColumns} o1
            where {database.Dialect.In("o1.schedule_id", "ids")}
              and o1.occurrence = (select max(o2.occurrence) from schedule_occurrences o2 where o2.schedule_id = o1.schedule_id)
            """, new { ids = database.Dialect.Ids(ids) }, cancellationToken: cancellationToken));
        return rows.ToDictionary(row => row.ScheduleId);
    }

    public async Task<IReadOnlyList<OccurrenceRow>> RecentAsync(Guid id, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<OccurrenceRow>(new CommandDefinition(
            $"select {OccurrenceColumns} where schedule_id = @id order by occurrence desc limit @limit",
            new { id, limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The batch of the schedule's latest occurrence that made one: the "previous batch" of the overlap policy.</summary>
    public async Task<Guid?> LastBatchAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
            "select batch_id from schedule_occurrences where schedule_id = @id and batch_id is not null order by occurrence desc limit 1",
            new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>The batch an occurrence made already, if any (unique: <c>batches_schedule</c>), whatever became of its idempotency key.</summary>
    public async Task<Guid?> BatchOfOccurrenceAsync(Guid id, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
            "select id from batches where schedule_id = @id and occurrence = @occurrence",
            new { id, occurrence }, cancellationToken: cancellationToken));
    }

    /// <summary>Occurrences claimed but whose batch was never recorded (the coordinator stopped in between).</summary>
    public async Task<IReadOnlyList<OccurrenceRow>> FiringAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<OccurrenceRow>(new CommandDefinition(
            $"select {OccurrenceColumns} where outcome = @firing order by occurrence",
            new { firing = ScheduleOutcomes.Firing }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Records an occurrence unless one is already recorded for it: true when this call's row is the one that stands, so
    /// its caller alone acts on it. The primary key decides, even between two coordinators that both think they lead.
    /// </summary>
    public async Task<bool> TryRecordAsync(OccurrenceRow row, CancellationToken cancellationToken) =>
        await WriteAsync("""
            insert into schedule_occurrences (schedule_id, occurrence, outcome, missed, detail, batch_id, recorded_at)
            select @ScheduleId, @Occurrence, @Outcome, @Missed, @Detail, @BatchId, @RecordedAt
            where exists (select 1 from schedules where id = @ScheduleId)
            on conflict (schedule_id, occurrence) do nothing
            """, row, cancellationToken) > 0;

    /// <summary>Ends a <see cref="ScheduleOutcomes.Firing"/> occurrence with its batch, or as rejected.</summary>
    public async Task FinishAsync(Guid scheduleId, DateTimeOffset occurrence, string outcome, Guid? batchId, string? detail,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync("""
            update schedule_occurrences set outcome = @outcome, batch_id = @batchId, detail = @detail, recorded_at = @now
            where schedule_id = @scheduleId and occurrence = @occurrence and outcome = @firing
            """, new { scheduleId, occurrence, outcome, batchId, detail, now, firing = ScheduleOutcomes.Firing }, cancellationToken);

    async Task<int> WriteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginEventTransactionAsync(cancellationToken);
        var changed = await write.Connection.ExecuteAsync(new CommandDefinition(sql, parameters, write.Transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return changed;
    }
}
