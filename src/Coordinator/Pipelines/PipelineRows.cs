using System.Text.Json;
using Dapper;
using Stamina.Contracts;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;

namespace Stamina.Coordinator.Pipelines;

/// <summary>The pipeline tables, read and written inside one transaction (a submission's, or a saga event's).</summary>
public sealed class PipelineRows(SagaTransaction saga, SqlDialect dialect)
{
    public Task InsertPipelineAsync(PipelinePlan plan, DateTimeOffset now) => ExecuteAsync("""
        insert into pipelines (id, name, state, review_rounds, created_at, updated_at)
        values (@PipelineId, @Name, @state, @ReviewRounds, @now, @now)
        """, new { plan.PipelineId, plan.Name, state = PipelineStates.Running, plan.ReviewRounds, now });

    public Task InsertStepAsync(Guid pipelineId, int position, PipelineStepPlan step) => ExecuteAsync($"""
        insert into pipeline_steps (pipeline_id, position, name, review, plan)
        values (@pipelineId, @position, @Name, @Review, @plan{dialect.JsonCast})
        """, new { pipelineId, position, step.Name, step.Review, plan = JsonSerializer.Serialize(step.Item, AgentJson.Options) });

    public Task LinkAsync(Guid itemId, Guid pipelineId, int position, int round, DateTimeOffset now) => ExecuteAsync("""
        insert into pipeline_items (item_id, pipeline_id, position, round, created_at) values (@itemId, @pipelineId, @position, @round, @now)
        """, new { itemId, pipelineId, position, round, now });

    /// <summary>
    /// A later step's item joins the batch of the pipeline's first item (none when that one is in no batch), keyed
    /// <c>task/step#round</c>: the batch's summary, cancel, retry-failed, spend cap and "still running" see every step.
    /// </summary>
    public Task JoinFirstItemsBatchAsync(Guid itemId, Guid pipelineId, string step, int round) => ExecuteAsync("""
        update work_items set
            batch_id = (select f.batch_id from pipeline_items p join work_items f on f.id = p.item_id
                        where p.pipeline_id = @pipelineId order by p.position, p.round limit 1),
            batch_key = (select f.batch_key from pipeline_items p join work_items f on f.id = p.item_id
                         where p.pipeline_id = @pipelineId order by p.position, p.round limit 1) || @suffix,
            batch_position = (select f.batch_position from pipeline_items p join work_items f on f.id = p.item_id
                              where p.pipeline_id = @pipelineId order by p.position, p.round limit 1)
        where id = @itemId
        """, new { itemId, pipelineId, suffix = $"/{step}#{round}" });

    /// <summary>
    /// The dependency resolver moved a pipeline's first step without the saga (skipped by a failed dependency, or back
    /// to waiting when that dependency is retried): the pipeline follows, from <paramref name="from"/> only.
    /// </summary>
    public Task FollowStepMovedByDependencyAsync(Guid itemId, string from, string to, string? reason, DateTimeOffset now) => ExecuteAsync("""
        update pipelines set state = @to, reason = @reason, updated_at = @now
        where state = @from and id = (select pipeline_id from pipeline_items where item_id = @itemId)
        """, new { itemId, from, to, reason, now });

    public Task<PipelineLink?> LinkOfAsync(Guid itemId) => saga.Connection.QuerySingleOrDefaultAsync<PipelineLink?>(
        "select item_id as ItemId, pipeline_id as PipelineId, position, round from pipeline_items where item_id = @itemId",
        new { itemId }, saga.Transaction);

    /// <summary>Locks the pipeline's row: two of its items never end at once, but a retry and an end might.</summary>
    public Task<PipelineRow?> PipelineForUpdateAsync(Guid id) => saga.Connection.QuerySingleOrDefaultAsync<PipelineRow?>($"""
        select id, name, state, review_rounds as ReviewRounds, final_branch as FinalBranch, reason,
            created_at as CreatedAt, updated_at as UpdatedAt
        from pipelines where id = @id{dialect.RowLock}
        """, new { id }, saga.Transaction);

    public async Task<IReadOnlyList<PipelineStepRow>> StepsAsync(Guid pipelineId) => [.. await saga.Connection.QueryAsync<PipelineStepRow>(
        $"select position, name, review, cast(plan as text) as Plan from pipeline_steps where pipeline_id = @pipelineId order by position",
        new { pipelineId }, saga.Transaction)];

    public Task<Guid?> ItemAtAsync(Guid pipelineId, int position, int round) => saga.Connection.QuerySingleOrDefaultAsync<Guid?>(
        "select item_id from pipeline_items where pipeline_id = @pipelineId and position = @position and round = @round",
        new { pipelineId, position, round }, saga.Transaction);

    /// <summary>The branch an item's accepted result pushed; its own base when it pushed none.</summary>
    public async Task<string> BranchOfAsync(Guid itemId) =>
        await saga.Connection.QuerySingleOrDefaultAsync<string?>("""
            select coalesce(nullif(r.branch, ''), s.base_ref) from work_item_specs s left join results r on r.item_id = s.item_id
            where s.item_id = @itemId
            """, new { itemId }, saga.Transaction) ?? "HEAD";

    public async Task<string> PromptOfAsync(Guid itemId) =>
        await saga.Connection.QuerySingleOrDefaultAsync<string?>("select prompt from work_item_specs where item_id = @itemId",
            new { itemId }, saga.Transaction) ?? "";

    public async Task<ReviewVerdict?> VerdictAsync(Guid itemId, int attempt)
    {
        var row = await saga.Connection.QuerySingleOrDefaultAsync<VerdictRow?>("""
            select verdict, verdict_feedback as Feedback, verdict_reason as Reason from attempts where item_id = @itemId and number = @attempt
            """, new { itemId, attempt }, saga.Transaction);
        return row is { Verdict: { } verdict } ? new ReviewVerdict { Verdict = verdict, Feedback = row.Feedback ?? "", Reason = row.Reason ?? "" } : null;
    }

    /// <summary>The last error of an item's last attempt, for a failed pipeline's reason.</summary>
    public Task<string?> LastErrorAsync(Guid itemId) => saga.Connection.QuerySingleOrDefaultAsync<string?>("""
        select coalesce(error_class, outcome) from attempts where item_id = @itemId order by number desc limit 1
        """, new { itemId }, saga.Transaction);

    public Task SetStateAsync(Guid id, string state, string? reason, string? finalBranch, DateTimeOffset now) => ExecuteAsync("""
        update pipelines set state = @state, reason = @reason, final_branch = coalesce(@finalBranch, final_branch), updated_at = @now where id = @id
        """, new { id, state, reason, finalBranch, now });

    Task ExecuteAsync(string sql, object parameters) => saga.Connection.ExecuteAsync(sql, parameters, saga.Transaction);

    sealed record VerdictRow
    {
        public string? Verdict { get; init; }
        public string? Feedback { get; init; }
        public string? Reason { get; init; }
    }
}
