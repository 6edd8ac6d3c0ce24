using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Pipelines;

/// <summary>
/// Moves a pipeline on when one of its items moves, inside the saga event's transaction: the next step's item is
/// made in the same commit as the end of the step before (and a reviewer's verdict with it), so a pipeline never
/// stops between steps, and never makes a step twice.
/// </summary>
public sealed class PipelineAdvancer(StaminaDatabase database, StepItems stepItems, ILogger<PipelineAdvancer> logger)
{
    /// <summary>Called after an item entered <paramref name="state"/>; does nothing for an item outside any pipeline.</summary>
    public async Task ItemMovedAsync(PipeContext context, WorkItemState item, string state, DateTimeOffset now)
    {
        var itemId = item.CorrelationId;
        if (!context.TryGetPayload<SagaTransaction>(out var transaction))
            return;
        var rows = new PipelineRows(transaction, database.Dialect);
        if (await rows.LinkOfAsync(itemId) is not { } link || await rows.PipelineForUpdateAsync(link.PipelineId) is not { } pipeline)
            return;
        switch (state)
        {
            case WorkItemStates.Succeeded when pipeline.State == PipelineStates.Running:
                await StepSucceededAsync(transaction, rows, pipeline, link, item.Attempt, now);
                break;
            case WorkItemStates.Failed when pipeline.State == PipelineStates.Running:
                await EndAsync(rows, pipeline, PipelineStates.Failed, $"step '{await StepNameAsync(rows, link)}' failed ({await rows.LastErrorAsync(itemId)})", null, now);
                break;
            case WorkItemStates.Cancelled when pipeline.State == PipelineStates.Running:
                await EndAsync(rows, pipeline, PipelineStates.Cancelled, $"step '{await StepNameAsync(rows, link)}' was cancelled", null, now);
                break;
            // A first step whose dependency (in a batch) failed.
            case WorkItemStates.Skipped when pipeline.State == PipelineStates.Running:
                await EndAsync(rows, pipeline, PipelineStates.Failed, $"step '{await StepNameAsync(rows, link)}' was skipped: a dependency did not succeed", null, now);
                break;
            // A retried step's item: the pipeline it ended goes on from there.
            case WorkItemStates.Queued or WorkItemStates.Pending when pipeline.State is PipelineStates.Failed or PipelineStates.Cancelled:
                await rows.SetStateAsync(pipeline.Id, PipelineStates.Running, null, null, now);
                break;
        }
    }

    /// <summary>Whether the item is a pipeline's reviewer step, whose success needs a verdict.</summary>
    public async Task<bool> IsReviewerAsync(PipeContext context, Guid itemId)
    {
        if (!context.TryGetPayload<SagaTransaction>(out var transaction))
            return false;
        var rows = new PipelineRows(transaction, database.Dialect);
        return await rows.LinkOfAsync(itemId) is { } link && (await rows.StepsAsync(link.PipelineId)).Any(s => s.Position == link.Position && s.Review);
    }

    async Task StepSucceededAsync(SagaTransaction transaction, PipelineRows rows, PipelineRow pipeline, PipelineLink link, int attempt, DateTimeOffset now)
    {
        var steps = await rows.StepsAsync(pipeline.Id);
        var step = steps[link.Position];
        if (!step.Review)
        {
            var branch = await rows.BranchOfAsync(link.ItemId);
            // A reviewer reviews the round it follows; any other step starts its own first round.
            var nextRound = link.Position + 1 < steps.Count && steps[link.Position + 1].Review ? link.Round : 1;
            await ContinueAsync(transaction, rows, pipeline, steps, link.Position + 1, nextRound, branch, now);
            return;
        }
        var reviewed = steps[link.Position - 1];
        var reviewedItem = await rows.ItemAtAsync(pipeline.Id, reviewed.Position, link.Round)
            ?? throw new InvalidOperationException($"pipeline {pipeline.Id} has no item for step {reviewed.Position} round {link.Round}");
        var reviewedBranch = await rows.BranchOfAsync(reviewedItem);
        var verdict = await rows.VerdictAsync(link.ItemId, attempt);
        switch (verdict?.Verdict)
        {
            case ReviewVerdicts.Approve:
                // The step after a reviewer builds on the work it approved.
                await ContinueAsync(transaction, rows, pipeline, steps, link.Position + 1, 1, reviewedBranch, now);
                break;
            case ReviewVerdicts.Revise when link.Round < pipeline.ReviewRounds:
                var prompt = ReviewFeedback.AppendTo(await rows.PromptOfAsync(reviewedItem), step.Name, link.Round, verdict.Feedback);
                var revision = await stepItems.CreateAsync(transaction, pipeline.Id, reviewed.Position, link.Round + 1,
                    Plan(reviewed), pipeline.ReviewRounds, reviewedBranch, prompt, now);
                logger.LogInformation("Pipeline {PipelineId}: step {Step} asked for revision round {Round}: item {WorkItemId}",
                    pipeline.Id, step.Name, link.Round + 1, revision);
                break;
            case ReviewVerdicts.Revise:
                await EndAsync(rows, pipeline, PipelineStates.Blocked,
                    $"review rounds exhausted: step '{step.Name}' still asked for a revision after {pipeline.ReviewRounds} round(s): {verdict.Feedback}", null, now);
                break;
            case ReviewVerdicts.Block:
                await EndAsync(rows, pipeline, PipelineStates.Blocked, $"step '{step.Name}' blocked: {verdict.Reason}", null, now);
                break;
            default:
                // The completion refuses a reviewer's success without a verdict; this is a guard, not a path.
                await EndAsync(rows, pipeline, PipelineStates.Failed, $"step '{step.Name}' gave no verdict", null, now);
                break;
        }
    }

    async Task ContinueAsync(SagaTransaction transaction, PipelineRows rows, PipelineRow pipeline, IReadOnlyList<PipelineStepRow> steps,
        int position, int round, string branch, DateTimeOffset now)
    {
        if (position == steps.Count)
        {
            var state = steps.Any(s => s.Review) ? PipelineStates.Approved : PipelineStates.Succeeded;
            await EndAsync(rows, pipeline, state, null, branch, now);
            return;
        }
        var next = await stepItems.CreateAsync(transaction, pipeline.Id, position, round, Plan(steps[position]), pipeline.ReviewRounds,
            branch, prompt: null, now);
        logger.LogInformation("Pipeline {PipelineId}: step {Step} released as item {WorkItemId} from {Branch}", pipeline.Id, steps[position].Name, next, branch);
    }

    async Task EndAsync(PipelineRows rows, PipelineRow pipeline, string state, string? reason, string? finalBranch, DateTimeOffset now)
    {
        await rows.SetStateAsync(pipeline.Id, state, reason, finalBranch, now);
        logger.LogInformation("Pipeline {PipelineId} ended {State}{Reason}", pipeline.Id, state, reason is null ? "" : $": {reason}");
    }

    static async Task<string> StepNameAsync(PipelineRows rows, PipelineLink link) =>
        (await rows.StepsAsync(link.PipelineId)).FirstOrDefault(s => s.Position == link.Position)?.Name ?? $"#{link.Position + 1}";

    static PipelineStepPlan Plan(PipelineStepRow row) => new() { Name = row.Name, Review = row.Review, Item = row.Item() };
}
