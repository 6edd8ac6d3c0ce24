using Dapper;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Pipelines;

/// <summary>Reads of pipelines for the API.</summary>
public sealed class PipelineQueries(StaminaDatabase database)
{
    public async Task<PipelineView?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var pipeline = await connection.QuerySingleOrDefaultAsync<PipelineRow>(new CommandDefinition("""
            select id, name, state, review_rounds as ReviewRounds, final_branch as FinalBranch, reason, created_at as CreatedAt, updated_at as UpdatedAt
            from pipelines where id = @id
            """, new { id }, cancellationToken: cancellationToken));
        if (pipeline is null)
            return null;
        var steps = await connection.QueryAsync<PipelineStepRow>(new CommandDefinition(
            "select position, name, review from pipeline_steps where pipeline_id = @id order by position", new { id }, cancellationToken: cancellationToken));
        // The verdict is the last attempt's: the one that ended the item.
        var rounds = (await connection.QueryAsync<RoundRow>(new CommandDefinition("""
            select p.position, p.round, p.item_id as ItemId, w.state, r.branch,
                a.verdict, a.verdict_feedback as Feedback, a.verdict_reason as Reason
            from pipeline_items p
            join work_items w on w.id = p.item_id
            left join results r on r.item_id = p.item_id
            left join attempts a on a.item_id = p.item_id and a.number = w.attempt
            where p.pipeline_id = @id
            order by p.position, p.round
            """, new { id }, cancellationToken: cancellationToken))).ToList();
        return new PipelineView
        {
            Id = pipeline.Id,
            Name = pipeline.Name,
            State = pipeline.State,
            ReviewRounds = pipeline.ReviewRounds,
            FinalBranch = pipeline.FinalBranch,
            Reason = pipeline.Reason,
            CreatedAt = pipeline.CreatedAt,
            UpdatedAt = pipeline.UpdatedAt,
            Steps = [.. steps.Select(step =>
            {
                var own = rounds.Where(r => r.Position == step.Position).Select(r => r.ToView()).ToList();
                return new PipelineStepView
                {
                    Position = step.Position,
                    Name = step.Name,
                    Review = step.Review,
                    State = own.Count > 0 ? own[^1].State
                        : pipeline.State == PipelineStates.Running ? PipelineStepStates.Waiting : PipelineStepStates.Skipped,
                    Rounds = own,
                };
            })],
        };
    }

    /// <summary>The pipeline an item belongs to, if any.</summary>
    public static Task<ItemPipelineView?> OfItemAsync(System.Data.Common.DbConnection connection, Guid itemId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ItemPipelineView?>(new CommandDefinition("""
            select p.pipeline_id as PipelineId, s.name as Step, p.round, s.review
            from pipeline_items p join pipeline_steps s on s.pipeline_id = p.pipeline_id and s.position = p.position
            where p.item_id = @itemId
            """, new { itemId }, cancellationToken: cancellationToken));

    sealed record RoundRow
    {
        public int Position { get; init; }
        public int Round { get; init; }
        public Guid ItemId { get; init; }
        public string State { get; init; } = "";
        public string? Branch { get; init; }
        public string? Verdict { get; init; }
        public string? Feedback { get; init; }
        public string? Reason { get; init; }

        public PipelineRoundView ToView() => new()
        {
            ItemId = ItemId,
            Round = Round,
            State = State,
            Branch = Branch,
            Verdict = Verdict,
            Feedback = Feedback,
            Reason = Reason,
        };
    }
}
