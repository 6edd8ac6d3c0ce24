using MassTransit;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Leases;
using Stamina.Coordinator.Telemetry;

namespace Stamina.Coordinator.WorkItems;

/// <summary>What the transitions need besides the message: the clock, the timing rules, the journal, metrics.</summary>
public sealed class WorkItemContext(
    TimeProvider clock,
    IOptions<LeaseSettings> leases,
    IWorkItemJournalFactory journals,
    CoordinatorMetrics metrics,
    LeaseHearing hearing,
    ILogger<WorkItemStateMachine> logger)
{
    public TimeProvider Clock { get; } = clock;
    public LeaseSettings Leases { get; } = leases.Value;
    public IWorkItemJournalFactory Journals { get; } = journals;
    public CoordinatorMetrics Metrics { get; } = metrics;

    /// <summary>Since when the coordinator could hear heartbeats: silence before that is not the holder's.</summary>
    public LeaseHearing Hearing { get; } = hearing;

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>A report under a token that is not current: logged, counted and journaled, never applied.</summary>
    public Task RecordStaleAsync(PipeContext context, Guid itemId, int attempt, string kind, string worker, string reason)
    {
        logger.LogWarning("Stale {Kind} for {WorkItemId} attempt {Attempt} from {Worker} refused: {Reason}", kind, itemId, attempt, worker, reason);
        Metrics.StaleReport(kind);
        return Journals.For(context).RecordStaleAsync(itemId, attempt, kind, worker, reason, Now);
    }
}
