using System.Text.Json;
using Dapper;
using Stamina.Contracts;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.WorkItems.Commands;
using Stamina.ServiceDefaults.Redaction;

namespace Stamina.Coordinator.Journal;

/// <remarks>
/// What agents wrote (ending messages, summaries, stale details) passes through the <see cref="SecretRedactor"/> once
/// more before it is stored: the worker redacts it already, this is the defence in depth (docs/security.md).
/// </remarks>
public sealed class SqlWorkItemJournal(SagaTransaction saga, SqlDialect dialect, SecretRedactor redactor) : IWorkItemJournal
{
    /// <summary>A hook's output is kept up to this many characters (its end): workers bound it too, this is for forged ones.</summary>
    const int HookOutputLength = 32 * 1024;

    public Task SaveSpecAsync(Guid itemId, WorkItemSpec spec) => ExecuteAsync($"""
        insert into work_item_specs (item_id, repo, base_ref, harness, command, prompt, timeout_seconds, labels, agent)
        values (@itemId, @Repo, @BaseRef, @Harness, @command{dialect.JsonCast}, @Prompt, @timeoutSeconds,
            @labels{dialect.JsonCast}, @agent{dialect.JsonCast})
        on conflict (item_id) do nothing
        """, new
    {
        itemId,
        spec.Repo,
        spec.BaseRef,
        spec.Harness,
        command = JsonSerializer.Serialize(spec.Command),
        spec.Prompt,
        timeoutSeconds = (int)spec.Timeout.TotalSeconds,
        labels = JsonSerializer.Serialize(spec.Labels),
        agent = JsonSerializer.Serialize(spec.Agent, AgentJson.Options),
    });

    public Task StartAttemptAsync(Guid itemId, int attempt, WorkerIdentity worker, string secretHash, DateTimeOffset startedAt) => ExecuteAsync("""
        insert into attempts (item_id, number, worker, machine, account, worker_run, secret_hash, started_at)
        values (@itemId, @attempt, @Name, @Machine, @Account, @Run, @secretHash, @startedAt)
        """, new { itemId, attempt, worker.Name, worker.Machine, worker.Account, worker.Run, secretHash, startedAt });

    public Task ReplaceSecretAsync(Guid itemId, int attempt, string secretHash) => ExecuteAsync(
        "update attempts set secret_hash = @secretHash where item_id = @itemId and number = @attempt",
        new { itemId, attempt, secretHash });

    public Task<AttemptHolder?> AttemptHolderAsync(Guid itemId, int attempt) =>
        saga.Connection.QuerySingleOrDefaultAsync<AttemptHolder?>(
            "select worker as Worker, account as Account, secret_hash as SecretHash from attempts where item_id = @itemId and number = @attempt",
            new { itemId, attempt }, saga.Transaction);

    public Task<string?> AttemptRunAsync(Guid itemId, int attempt) =>
        saga.Connection.QuerySingleOrDefaultAsync<string?>(
            "select worker_run from attempts where item_id = @itemId and number = @attempt",
            new { itemId, attempt }, saga.Transaction);

    public Task<AttemptFacts?> AttemptFactsAsync(Guid itemId, int attempt) =>
        saga.Connection.QuerySingleOrDefaultAsync<AttemptFacts?>("""
            select a.account as Account, s.harness as Harness, a.model as Model, a.started_at as StartedAt,
                a.input_tokens as InputTokens, a.output_tokens as OutputTokens, a.cache_read_tokens as CacheReadTokens,
                a.cache_creation_tokens as CacheCreationTokens, a.cost_usd as CostUsd
            from attempts a left join work_item_specs s on s.item_id = a.item_id
            where a.item_id = @itemId and a.number = @attempt
            """, new { itemId, attempt }, saga.Transaction);

    public async Task EndAttemptAsync(Guid itemId, int attempt, AttemptEnding ending)
    {
        await ExecuteAsync("""
            update attempts set ended_at = @EndedAt, outcome = @Outcome, exit_code = @ExitCode, error_class = @ErrorClass,
                message = @Message, branch = @Branch, account_limited_until = @AccountLimitedUntil, hook_output = @HookOutput,
                verdict = @verdict, verdict_feedback = @feedback, verdict_reason = @reason
            where item_id = @itemId and number = @attempt and ended_at is null
            """, new
        {
            itemId,
            attempt,
            ending.EndedAt,
            ending.Outcome,
            ending.ExitCode,
            ending.ErrorClass,
            Message = redactor.Redact(ending.Message),
            ending.Branch,
            ending.AccountLimitedUntil,
            HookOutput = redactor.Redact(ending.HookOutput is { Length: > HookOutputLength } output ? output[^HookOutputLength..] : ending.HookOutput),
            verdict = ending.Verdict?.Verdict,
            feedback = redactor.Redact(ending.Verdict?.Feedback),
            reason = redactor.Redact(ending.Verdict?.Reason),
        });
        var pushed = ending.Result is { HeadCommit.Length: > 0, Commits: > 0 } result
            ? new Checkpoint { Branch = result.Branch, Commit = result.HeadCommit, BaseCommit = result.BaseCommit, At = ending.EndedAt }
            : null;
        if (ending.Progress is not null || pushed is not null)
            await RecordProgressAsync(itemId, attempt, ending.Progress, pushed);
    }

    public Task RecordProgressAsync(Guid itemId, int attempt, AgentProgress? progress, Checkpoint? checkpoint) => ExecuteAsync("""
        update attempts set
            model = coalesce(@Model, model), session_id = coalesce(@SessionId, session_id),
            turns = coalesce(@Turns, turns), tool_uses = coalesce(@ToolUses, tool_uses), last_tool = coalesce(@LastTool, last_tool),
            input_tokens = coalesce(@InputTokens, input_tokens), output_tokens = coalesce(@OutputTokens, output_tokens),
            cache_read_tokens = coalesce(@CacheReadTokens, cache_read_tokens),
            cache_creation_tokens = coalesce(@CacheCreationTokens, cache_creation_tokens),
            cost_usd = coalesce(@CostUsd, cost_usd), last_event_at = coalesce(@LastEventAt, last_event_at),
            checkpoint_branch = coalesce(@CheckpointBranch, checkpoint_branch),
            checkpoint_commit = coalesce(@CheckpointCommit, checkpoint_commit),
            base_commit = coalesce(@BaseCommit, base_commit), checkpoint_at = coalesce(@CheckpointAt, checkpoint_at)
        where item_id = @itemId and number = @attempt
        """, new
    {
        itemId,
        attempt,
        progress?.Model,
        progress?.SessionId,
        Turns = progress?.Turns,
        ToolUses = progress?.ToolUses,
        progress?.LastTool,
        InputTokens = progress?.InputTokens,
        OutputTokens = progress?.OutputTokens,
        CacheReadTokens = progress?.CacheReadTokens,
        CacheCreationTokens = progress?.CacheCreationTokens,
        progress?.CostUsd,
        progress?.LastEventAt,
        CheckpointBranch = checkpoint?.Branch,
        CheckpointCommit = checkpoint?.Commit,
        BaseCommit = checkpoint?.BaseCommit is { Length: > 0 } baseCommit ? baseCommit : null,
        CheckpointAt = checkpoint?.At,
    });

    public Task LimitAccountAsync(string account, DateTimeOffset until, string? reason, DateTimeOffset now) => ExecuteAsync("""
        insert into accounts (name, limited_until, limits, last_reason, updated_at)
        values (@account, @until, 1, @reason, @now)
        on conflict (name) do update set limited_until = case
                when accounts.limited_until is null or accounts.limited_until < excluded.limited_until then excluded.limited_until
                else accounts.limited_until end,
            limits = accounts.limits + 1, last_reason = excluded.last_reason, updated_at = excluded.updated_at
        """, new { account, until, reason, now });

    public Task<ResumePoint?> LatestCheckpointAsync(Guid itemId) =>
        saga.Connection.QuerySingleOrDefaultAsync<ResumePoint?>("""
            select a.number as Attempt, a.checkpoint_branch as Branch, a.checkpoint_commit as "Commit", a.base_commit as BaseCommit,
                a.session_id as SessionId, s.harness as Harness, a.account as Account, a.machine as Machine, a.worker as Worker
            from attempts a join work_item_specs s on s.item_id = a.item_id
            where a.item_id = @itemId and a.checkpoint_commit is not null
            order by a.number desc
            limit 1
            """, new { itemId }, saga.Transaction);

    public Task<bool> WorkerDrainedAsync(string worker) =>
        saga.Connection.ExecuteScalarAsync<bool>(
            "select exists (select 1 from workers where name = @worker and drained_at is not null)", new { worker }, saga.Transaction);

    public Task<DateTimeOffset?> AccountLimitedUntilAsync(string account) =>
        saga.Connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            "select limited_until from accounts where name = @account", new { account }, saga.Transaction);

    public Task SaveResultAsync(Guid itemId, int attempt, AttemptResult result, int? exitCode, DateTimeOffset acceptedAt) => ExecuteAsync("""
        insert into results (item_id, attempt, branch, base_commit, head_commit, commits, files_changed, insertions,
            deletions, exit_code, summary, accepted_at)
        values (@itemId, @attempt, @Branch, @BaseCommit, @HeadCommit, @Commits, @FilesChanged, @Insertions,
            @Deletions, @exitCode, @Summary, @acceptedAt)
        """, new
    {
        itemId,
        attempt,
        result.Branch,
        result.BaseCommit,
        result.HeadCommit,
        result.Commits,
        result.FilesChanged,
        result.Insertions,
        result.Deletions,
        exitCode,
        Summary = redactor.Redact(result.Summary),
        acceptedAt,
    });

    public Task RecordStaleAsync(Guid itemId, int attempt, string kind, string worker, string reason, string? detail, DateTimeOffset receivedAt) =>
        ExecuteAsync("""
            insert into stale_reports (item_id, attempt, kind, worker, reason, detail, received_at)
            values (@itemId, @attempt, @kind, @worker, @reason, @detail, @receivedAt)
            """, new { itemId, attempt, kind, worker, reason, detail = redactor.Redact(detail), receivedAt });

    public BreakerBook? Breakers { get; } = new(saga.Connection, saga.Transaction, dialect);

    Task ExecuteAsync(string sql, object parameters) =>
        saga.Connection.ExecuteAsync(sql, parameters, saga.Transaction);
}
