using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Coordinator.Answers;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Dependencies;
using Stamina.Coordinator.Dispatch;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Leases;
using Stamina.Coordinator.Pipelines;
using Stamina.Coordinator.Sagas;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.WorkItems.Proofs;

namespace Stamina.Coordinator.WorkItems;

/// <summary>What the transitions need besides the message: the clock, the timing rules, the journal, metrics.</summary>
public sealed class WorkItemContext(
    TimeProvider clock,
    IOptions<LeaseSettings> leases,
    IWorkItemJournalFactory journals,
    CoordinatorMetrics metrics,
    LeaseHearing hearing,
    ILogger<WorkItemStateMachine> logger,
    IOptions<BreakerSettings> breakers,
    IMeterFactory meters,
    DependencyResolver? dependencies = null,
    Dispatch.ClaimHolds? gates = null,
    Spend.PriceTable? prices = null,
    PipelineAdvancer? pipelines = null,
    DeadHolderJudge? deadHolders = null,
    Answerer? answerer = null)
{
    /// <summary>Answers requesters, on a channel of its own where there is a broker (see <see cref="IAnswerBus"/>).</summary>
    public Answerer Answers { get; } = answerer ?? Answerer.Direct;

    /// <summary>Asks the broker whether a redelivered item's holder died; null where there is no broker (local mode, state machine tests).</summary>
    public DeadHolderJudge? DeadHolders { get; } = deadHolders;

    /// <summary>Moves pipelines on as their items move; null where no pipeline can exist (state machine tests).</summary>
    public PipelineAdvancer? Pipelines { get; } = pipelines;

    public TimeProvider Clock { get; } = clock;
    public LeaseSettings Leases { get; } = leases.Value;
    public IWorkItemJournalFactory Journals { get; } = journals;
    public CoordinatorMetrics Metrics { get; } = metrics;

    /// <summary>Since when the coordinator could hear heartbeats: silence before that is not the holder's.</summary>
    public LeaseHearing Hearing { get; } = hearing;

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>
    /// Releases and skips dependants in the event's transaction. Null (and no transaction) only where the state machine
    /// runs on an in-memory repository, in tests of single items.
    /// </summary>
    public DependencyResolver? Dependencies { get; } = dependencies;

    /// <summary>Circuit breakers per repository and account, fed by completions in the saga's transaction.</summary>
    public BreakerRecorder Breakers { get; } = new(breakers.Value, meters, logger);

    /// <summary>The item ended (its row is written after this): its Pending dependants are released or skipped in the same transaction.</summary>
    public Task ItemFinishedAsync(PipeContext context, Guid itemId, string state) =>
        Dependencies is { } resolver && context.TryGetPayload<SagaTransaction>(out var transaction)
            ? resolver.ItemFinishedAsync(transaction, itemId, state, Now)
            : Task.CompletedTask;

    /// <summary>What the dependencies of a retried item say (null: it has none, or no store here): wait, release or skip.</summary>
    public async Task<DependencyDecision?> DecideRetryAsync(PipeContext context, Guid itemId) =>
        Dependencies is { } resolver && context.TryGetPayload<SagaTransaction>(out var transaction)
            ? await resolver.DecideForRetryAsync(transaction, itemId, await DependencyResolver.PolicyAsync(transaction, itemId))
            : null;

    /// <summary>The item is retried: its Skipped dependants wait again, in the same transaction.</summary>
    public Task ItemRetriedAsync(PipeContext context, Guid itemId, string state) =>
        Dependencies is { } resolver && context.TryGetPayload<SagaTransaction>(out var transaction)
            ? resolver.ItemRetriedAsync(transaction, itemId, state, Now)
            : Task.CompletedTask;

    /// <summary>Dispatch and account holds (pauses, spend caps, breakers) as a claim checks them; null (none) only in tests of single items.</summary>
    public Dispatch.ClaimHolds? Gates { get; } = gates;

    /// <summary>Gives a cost to progress that reports only tokens (Codex, Gemini); null (no prices) only in tests of single items.</summary>
    public Spend.PriceTable? Prices { get; } = prices;

    const int MaxRecordedName = 200;

    /// <summary>
    /// Why a report about an attempt does not prove it comes from the attempt's holder (the worker it was granted
    /// to, presenting the secret it was given), or null when it does. The stored hash is compared in constant time.
    /// </summary>
    public async Task<string?> DisproveAsync(PipeContext context, Guid itemId, int attempt, string worker, AttemptSecret? secret)
    {
        if (await Journals.For(context).AttemptHolderAsync(itemId, attempt) is not { } holder)
            return $"attempt {attempt} was never granted";
        if (!AttemptSecrets.Matches(secret, holder.SecretHash))
            return secret is null ? "no attempt secret" : "wrong attempt secret";
        return holder.Worker == worker ? null : $"attempt {attempt} is held by another worker";
    }

    /// <summary>A report under a token that is not current, from its holder: logged, counted and journaled, never applied.</summary>
    public Task RecordStaleAsync(PipeContext context, Guid itemId, int attempt, string kind, string worker, string reason)
    {
        logger.LogWarning("Stale {Kind} for {WorkItemId} attempt {Attempt} from {Worker} refused: {Reason}", kind, itemId, attempt, worker, reason);
        Metrics.ReportRejected(ReportRefusals.Stale, kind);
        return Journals.For(context).RecordStaleAsync(itemId, attempt, kind, worker, ReportRefusals.Stale, reason, Now);
    }

    /// <summary>A report without proof of the holder: logged, counted and journaled, never applied.</summary>
    public Task RecordForgedAsync(PipeContext context, Guid itemId, int attempt, string kind, string worker, string reason)
    {
        // The name is the forger's text: kept short, so a flood of forgeries cannot fill the database with it.
        worker = worker.Length > MaxRecordedName ? worker[..MaxRecordedName] : worker;
        logger.LogWarning("Forged {Kind} for {WorkItemId} attempt {Attempt} claiming to be from {Worker} refused: {Reason}", kind, itemId, attempt, worker, reason);
        Metrics.ReportRejected(ReportRefusals.Forged, kind);
        return Journals.For(context).RecordStaleAsync(itemId, attempt, kind, worker, ReportRefusals.Forged, reason, Now);
    }
}
