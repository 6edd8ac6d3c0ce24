using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A RabbitMQ restart while an item runs costs nothing: no attempt, no failure, no lost attempt, no killed command.
/// The broker is really stopped (every connection closed, new ones refused) for longer than a lease; the coordinator
/// does not judge leases while its own connection is down, and afterwards waits a full lease plus the time the
/// workers need to reconnect (MassTransit retries at growing intervals), so the holder renews before anyone judges.
/// </summary>
[TestFixture]
[NonParallelizable] // it stops the shared broker
[Category(SharedBroker.OutageCategory)]
public sealed class BrokerRestartTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 2 };

    [TestCase(5)]
    [TestCase(20)]
    public async Task When_RabbitMQ_restarts_while_an_item_runs_Should_finish_it_at_no_cost(int outageSeconds)
    {
        var item = await LongItem.StartAsync(fleet);

        await SharedBroker.StopAsync();
        try
        {
            // The outage itself (past the test lease of 3 s): what the test inflicts, not a wait for a result.
            await Task.Delay(TimeSpan.FromSeconds(outageSeconds));
        }
        finally
        {
            await SharedBroker.StartAsync();
        }

        await item.AssertFinishedAtNoCostAsync(fleet);
        Assert.That(fleet.Workers.Where(w => w.HasExited).Select(w => w.Name), Is.Empty, "no worker gave up or crashed");
    }
}
