using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// An outage of the coordinator longer than a lease costs nothing: no attempt, no failure, no lost attempt, no
/// killed command. While the lease cannot be confirmed the worker holds (stops) its command, and lets it go on
/// once the coordinator, back again, confirms the token; the coordinator judges leases only on time it could hear.
/// </summary>
[TestFixture]
[NonParallelizable] // outages measured in leases: a loaded machine would blur them
public sealed class OutageTests : FleetTestBase
{
    /// <summary>Three leases of the test timings (heartbeat 1 s, lease 3 s): far past any deadline.</summary>
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(9);

    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_the_coordinator_is_frozen_past_the_lease_Should_hold_the_command_and_then_finish_it_at_no_cost()
    {
        var item = await LongItem.StartAsync(fleet);

        fleet.Coordinator.Signal(Signals.Stop);
        try
        {
            await Eventually.UntilAsync(() => Task.FromResult(ProcessState.IsStopped(item.Command)), TimeSpan.FromSeconds(15),
                "the worker to hold its command once the lease could not be confirmed");
            await Task.Delay(Outage); // the outage itself: what the test inflicts, not a wait for a result
        }
        finally
        {
            fleet.Coordinator.Signal(Signals.Continue);
        }

        await item.AssertFinishedAtNoCostAsync(fleet);
    }

    [Test]
    public async Task When_the_coordinator_is_killed_and_comes_back_after_the_lease_Should_finish_the_item_at_no_cost()
    {
        var item = await LongItem.StartAsync(fleet);

        fleet.Coordinator.Signal(Signals.Kill);
        await fleet.Coordinator.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync(() => Task.FromResult(ProcessState.IsStopped(item.Command)), TimeSpan.FromSeconds(15), "the worker to hold its command");
        await Task.Delay(Outage);
        Assert.That(Signals.IsAlive(item.Command), Is.True, "the command outlives the outage");
        await fleet.StartCoordinatorAsync();

        await item.AssertFinishedAtNoCostAsync(fleet);
    }
}
