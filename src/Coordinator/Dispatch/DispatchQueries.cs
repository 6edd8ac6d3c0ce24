namespace Stamina.Coordinator.Dispatch;

static class DispatchQueries
{
    public const string DuePools = """
        select distinct pool from work_items
        where state = 'Queued' and (not_before is null or not_before <= @now)
        """;

    /// <summary>Never published under the next token, or published long ago and apparently lost.</summary>
    public const string Candidates = """
        select w.id, w.attempt, w.pool, w.published_token as PublishedToken, s.repo, s.base_ref as BaseRef, s.harness,
            cast(s.command as text) as CommandJson, s.prompt, s.timeout_seconds as TimeoutSeconds, cast(s.agent as text) as AgentJson,
            w.trace_parent as TraceParent, cast(s.labels as text) as LabelsJson
        from work_items w join work_item_specs s on s.item_id = w.id
        where w.pool = @pool and w.state = 'Queued' and (w.not_before is null or w.not_before <= @now)
          and (w.published_token is distinct from w.attempt + 1 or w.published_at < @republishBefore)
        order by w.priority desc, w.created_at
        limit @limit
        """;

    /// <summary>The claim may already have won the race against this update; recording it anyway is harmless.</summary>
    public const string MarkPublished = """
        update work_items set published_token = @token, published_at = @sentAt
        where id = @id and coalesce(published_token, 0) <= @token
        """;
}
