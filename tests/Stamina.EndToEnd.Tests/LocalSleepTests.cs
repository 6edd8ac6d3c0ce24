using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A laptop that sleeps past the lease while <c>stamina local</c> runs an item (here: the whole process stopped for
/// three leases) resumes without a failure, a lost attempt or a killed command: the coordinator notices its clock
/// jumped and gives every lease a full period, the worker confirms its lease and lets its command go on.
/// </summary>
[TestFixture]
[NonParallelizable] // a sleep measured in leases: a loaded machine would blur it
public sealed class LocalSleepTests() : FleetTestBase(FleetMode.Local)
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_the_laptop_sleeps_past_the_lease_Should_finish_the_item_in_its_first_attempt()
    {
        var item = await LongItem.StartAsync(fleet);

        fleet.Coordinator.Signal(Signals.Stop);
        try
        {
            // Asleep, nothing of ours runs: the command's leash gets no ticks and stops it too.
            await Eventually.UntilAsync(() => Task.FromResult(ProcessState.IsStopped(item.Command)), TimeSpan.FromSeconds(15),
                "the leash to stop the command of a sleeping worker");
            await Task.Delay(TimeSpan.FromSeconds(9)); // the sleep: three leases of the test timings
        }
        finally
        {
            fleet.Coordinator.Signal(Signals.Continue);
        }

        await item.AssertFinishedAtNoCostAsync(fleet);
    }
}
