using System.Text.Json;
using Dapper;
using Stamina.Contracts;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Journal;

public sealed class PostgresWorkItemJournal(SagaTransaction saga) : IWorkItemJournal
{
    public Task SaveSpecAsync(Guid itemId, WorkItemSpec spec) => ExecuteAsync("""
        insert into work_item_specs (item_id, repo, base_ref, harness, command, prompt, timeout_seconds, labels)
        values (@itemId, @Repo, @BaseRef, @Harness, @command::jsonb, @Prompt, @timeoutSeconds, @labels::jsonb)
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
    });

    public Task StartAttemptAsync(Guid itemId, int attempt, WorkerIdentity worker, DateTimeOffset startedAt) => ExecuteAsync("""
        insert into attempts (item_id, number, worker, machine, account, started_at)
        values (@itemId, @attempt, @Name, @Machine, @Account, @startedAt)
        """, new { itemId, attempt, worker.Name, worker.Machine, worker.Account, startedAt });

    public Task EndAttemptAsync(Guid itemId, int attempt, AttemptEnding ending) => ExecuteAsync("""
        update attempts set ended_at = @EndedAt, outcome = @Outcome, exit_code = @ExitCode, error_class = @ErrorClass,
            message = @Message, branch = @Branch
        where item_id = @itemId and number = @attempt and ended_at is null
        """, new { itemId, attempt, ending.EndedAt, ending.Outcome, ending.ExitCode, ending.ErrorClass, ending.Message, ending.Branch });

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
        result.Summary,
        acceptedAt,
    });

    public Task RecordStaleAsync(Guid itemId, int attempt, string kind, string worker, string? detail, DateTimeOffset receivedAt) =>
        ExecuteAsync("""
            insert into stale_reports (item_id, attempt, kind, worker, detail, received_at)
            values (@itemId, @attempt, @kind, @worker, @detail, @receivedAt)
            """, new { itemId, attempt, kind, worker, detail, receivedAt });

    Task ExecuteAsync(string sql, object parameters) =>
        saga.Connection.ExecuteAsync(sql, parameters, saga.Transaction);
}
