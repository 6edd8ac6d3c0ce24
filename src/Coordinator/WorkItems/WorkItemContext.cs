using Microsoft.Extensions.Options;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Telemetry;

namespace Stamina.Coordinator.WorkItems;

/// <summary>What the transitions need besides the message: the clock, the timing rules, the journal, metrics.</summary>
public sealed class WorkItemContext(
    TimeProvider clock,
    IOptions<LeaseSettings> leases,
    IWorkItemJournalFactory journals,
    CoordinatorMetrics metrics)
{
    public TimeProvider Clock { get; } = clock;
    public LeaseSettings Leases { get; } = leases.Value;
    public IWorkItemJournalFactory Journals { get; } = journals;
    public CoordinatorMetrics Metrics { get; } = metrics;

    public DateTimeOffset Now => Clock.GetUtcNow();
}
