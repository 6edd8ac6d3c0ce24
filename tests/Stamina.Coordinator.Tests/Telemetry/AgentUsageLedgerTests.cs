using Microsoft.Extensions.Time.Testing;
using Stamina.Coordinator.Telemetry;

namespace Stamina.Coordinator.Tests.Telemetry;

/// <summary>Live token counting: each report adds only what is new, so the counted total is the attempt's final usage.</summary>
[TestFixture]
public sealed class AgentUsageLedgerTests
{
    static readonly Guid Item = Guid.NewGuid();
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero));

    static AgentUsage Usage(long input, long output = 0, long cacheRead = 0, long cacheCreation = 0, decimal cost = 0m) =>
        new(input, output, cacheRead, cacheCreation, cost);

    /// <summary>Feeds reports the way the saga does: each against what the database held before it.</summary>
    static AgentUsage CountAll(AgentUsageLedger ledger, params AgentUsage[] reports)
    {
        var stored = AgentUsage.Zero;
        var total = AgentUsage.Zero;
        foreach (var report in reports)
        {
            var delta = ledger.Count(Item, 1, stored, report);
            total = new AgentUsage(total.InputTokens + delta.InputTokens, total.OutputTokens + delta.OutputTokens,
                total.CacheReadTokens + delta.CacheReadTokens, total.CacheCreationTokens + delta.CacheCreationTokens, total.CostUsd + delta.CostUsd);
            stored = report;
        }
        return total;
    }

    [Test]
    public void When_heartbeats_then_the_completion_report_usage_Should_count_exactly_the_final_usage()
    {
        var total = CountAll(new AgentUsageLedger(clock),
            Usage(100, 10, 1000, 50, 0.01m), Usage(250, 30, 2500, 60, 0.03m), Usage(400, 55, 4000, 70, 0.05m));
        Assert.That(total, Is.EqualTo(Usage(400, 55, 4000, 70, 0.05m)));
    }

    [Test]
    public void When_a_late_heartbeat_arrives_after_the_completion_Should_count_nothing_more()
    {
        var ledger = new AgentUsageLedger(clock);
        Assert.That(ledger.Count(Item, 1, AgentUsage.Zero, Usage(500, 50, cost: 0.5m)), Is.EqualTo(Usage(500, 50, cost: 0.5m)));
        // The heartbeat sent before the completion, read after it: smaller, and the database holds the final figures.
        Assert.That(ledger.Count(Item, 1, Usage(500, 50, cost: 0.5m), Usage(300, 20, cost: 0.2m)), Is.EqualTo(AgentUsage.Zero));
    }

    [Test]
    public void When_a_transaction_rolls_back_after_counting_and_is_retried_Should_count_the_report_once()
    {
        var ledger = new AgentUsageLedger(clock);
        Assert.That(ledger.Count(Item, 1, AgentUsage.Zero, Usage(100, cost: 0.1m)), Is.EqualTo(Usage(100, cost: 0.1m)));
        // Rolled back: the database still holds nothing for the attempt, and the same report comes again.
        Assert.That(ledger.Count(Item, 1, AgentUsage.Zero, Usage(100, cost: 0.1m)), Is.EqualTo(AgentUsage.Zero));
    }

    [Test]
    public void When_the_coordinator_restarted_mid_attempt_Should_count_only_what_is_above_the_stored_usage()
    {
        var fresh = new AgentUsageLedger(clock);
        Assert.That(fresh.Count(Item, 1, Usage(300, 30, cost: 0.3m), Usage(450, 40, cost: 0.35m)), Is.EqualTo(Usage(150, 10, cost: 0.05m)));
    }

    [Test]
    public void When_one_count_goes_down_Should_count_nothing_negative_and_the_others_still_count()
    {
        var total = CountAll(new AgentUsageLedger(clock), Usage(100, 50), Usage(80, 70), Usage(120, 70));
        Assert.That(total, Is.EqualTo(Usage(120, 70)));
    }

    [Test]
    public void When_two_attempts_report_Should_count_each_on_its_own()
    {
        var ledger = new AgentUsageLedger(clock);
        ledger.Count(Item, 1, AgentUsage.Zero, Usage(100));
        Assert.That(ledger.Count(Item, 2, AgentUsage.Zero, Usage(40)), Is.EqualTo(Usage(40)));
        Assert.That(ledger.Count(Guid.NewGuid(), 1, AgentUsage.Zero, Usage(7)), Is.EqualTo(Usage(7)));
    }

    [Test]
    public void When_attempts_are_silent_for_hours_Should_forget_them()
    {
        var ledger = new AgentUsageLedger(clock);
        for (var i = 0; i < 50; i++)
            ledger.Count(Guid.NewGuid(), 1, AgentUsage.Zero, Usage(1));
        clock.Advance(TimeSpan.FromHours(7));
        ledger.Count(Item, 1, AgentUsage.Zero, Usage(1));
        Assert.That(ledger.Remembered, Is.EqualTo(1));
    }
}
