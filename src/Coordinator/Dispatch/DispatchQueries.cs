using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Dispatch;

static class DispatchQueries
{
    public const string DuePools = """
        select distinct pool from work_items
        where state = 'Queued' and (not_before is null or not_before <= @now)
        """;

    /// <summary>
    /// Due items never published under the next token, or published long ago and apparently lost, highest effective
    /// priority first (the priority plus one per <c>@agingSeconds</c> waited, at most <c>@agingMax</c>), first in first
    /// out within one. <paramref name="conditions"/> are the holds' extra conditions (bound parameters only).
    /// </summary>
    public static string Candidates(SqlDialect dialect, string conditions) => $"""
        select c.id, c.attempt, c.pool, c.PublishedToken, c.repo, c.BaseRef, c.harness, c.CommandJson, c.prompt,
            c.TimeoutSeconds, c.AgentJson, c.TraceParent, c.LabelsJson
        from (
            select w.id, w.attempt, w.pool, w.published_token as PublishedToken, s.repo, s.base_ref as BaseRef, s.harness,
                cast(s.command as text) as CommandJson, s.prompt, s.timeout_seconds as TimeoutSeconds, cast(s.agent as text) as AgentJson,
                w.trace_parent as TraceParent, cast(s.labels as text) as LabelsJson, w.priority, w.created_at,
                {AgingSteps(dialect)} as steps
            from work_items w join work_item_specs s on s.item_id = w.id
            where w.pool = @pool and w.state = 'Queued' and (w.not_before is null or w.not_before <= @now)
              and (w.published_token is distinct from w.attempt + 1 or w.published_at < @republishBefore)
              {conditions}
        ) c
        order by c.priority + case when c.steps <= 0 then 0 when c.steps >= @agingMax then @agingMax else c.steps end desc, c.created_at
        limit @limit
        """;

    /// <summary>Whole <c>@agingSeconds</c> waited since the item became due (SQLite's cast truncates; PostgreSQL's would round).</summary>
    public static string AgingSteps(SqlDialect dialect) => dialect == SqlDialect.Postgres
        ? $"cast(floor({dialect.SecondsSince("now", "coalesce(w.not_before, w.created_at)")} / @agingSeconds) as integer)"
        : $"cast({dialect.SecondsSince("now", "coalesce(w.not_before, w.created_at)")} / @agingSeconds as integer)";

    /// <summary>Before the send: an item that left the queue or moved on to a newer token since the pass read it is not sent.</summary>
    public const string MarkPublished = """
        update work_items set published_token = @token, published_at = @sentAt
        where id = @id and state = 'Queued' and attempt + 1 = @token and coalesce(published_token, 0) <= @token
        """;

    /// <summary>After a failed send: only this pass's mark, so that the item is a candidate again on the next pass.</summary>
    public const string UnmarkPublished = """
        update work_items set published_token = null
        where id = @id and published_token = @token
        """;
}
