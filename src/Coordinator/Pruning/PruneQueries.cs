using Dapper;
using Stamina.Contracts;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Pruning;

/// <summary>Which attempt branches <c>stamina prune</c> may delete, and which are gone.</summary>
public sealed class PruneQueries(StaminaDatabase database)
{
    /// <summary>
    /// Branches of items that finished (succeeded, failed, cancelled) before <paramref name="cutoff"/> and are not
    /// pruned yet, oldest first; the accepted attempt's only with <paramref name="includeAccepted"/>. Never the branches of an
    /// item that a dependant not yet ended starts from.
    /// </summary>
    public async Task<IReadOnlyList<PruneCandidate>> CandidatesAsync(DateTimeOffset cutoff, bool includeAccepted, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CandidateRow>(new CommandDefinition($"""
            select a.item_id as ItemId, a.number as Attempt, coalesce(a.branch, a.checkpoint_branch) as Branch, s.repo as Repo,
                w.state as State, case when w.state = '{WorkItemStates.Succeeded}' and r.attempt = a.number then 1 else 0 end as Accepted,
                w.updated_at as FinishedAt
            from attempts a
            join work_items w on w.id = a.item_id
            join work_item_specs s on s.item_id = a.item_id
            left join results r on r.item_id = a.item_id
            where w.state in {WorkItemStates.FinishedSql}
                and w.updated_at < @cutoff
                and coalesce(a.branch, a.checkpoint_branch) is not null
                and a.branch_pruned_at is null
                -- A dependant that starts from this item's branch (baseFrom) and has not ended still needs it.
                and not exists (select 1 from item_dependencies d join work_items dw on dw.id = d.item_id
                    where d.depends_on = a.item_id and d.base_from
                        and dw.state in ('{WorkItemStates.Pending}', '{WorkItemStates.Queued}', '{WorkItemStates.Running}'))
            order by w.updated_at, a.item_id, a.number
            """, new { cutoff }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToCandidate()).Where(c => includeAccepted || !c.Accepted)];
    }

    /// <summary>Records that the repository no longer has these branches; recording one twice keeps the first time.</summary>
    public async Task MarkPrunedAsync(IReadOnlyList<AttemptBranch> branches, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update attempts set branch_pruned_at = @at
            where item_id = @WorkItemId and number = @Attempt and coalesce(branch, checkpoint_branch) = @Branch and branch_pruned_at is null
            """, branches.Select(b => new { b.WorkItemId, b.Attempt, b.Branch, at }), cancellationToken: cancellationToken));
    }

    sealed record CandidateRow
    {
        public Guid ItemId { get; init; }
        public int Attempt { get; init; }
        public string Branch { get; init; } = "";
        public string Repo { get; init; } = "";
        public string State { get; init; } = "";
        public long Accepted { get; init; }
        public DateTimeOffset FinishedAt { get; init; }

        public PruneCandidate ToCandidate() => new()
        {
            ItemId = ItemId,
            Attempt = Attempt,
            Branch = Branch,
            Repo = Repo,
            State = State,
            Accepted = Accepted != 0,
            FinishedAt = FinishedAt,
        };
    }
}
