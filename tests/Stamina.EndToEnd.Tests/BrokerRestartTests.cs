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
        await AssertEveryWorkerTakesWorkAgainAsync();
    }

    /// <summary>
    /// Each worker's consumer came back on the new connection: with every other worker drained (a refusal without
    /// penalty), a new item can only run on it.
    /// </summary>
    async Task AssertEveryWorkerTakesWorkAgainAsync()
    {
        var names = fleet.Workers.Select(w => w.Name).ToList();
        foreach (var name in names)
        {
            foreach (var other in names.Where(n => n != name))
                await SetDrainedAsync(other, drained: true);
            var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo again > result.txt" } })).Id();
            var done = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
            Assert.That(done.Attempts().Select(a => (a.Text("worker"), a.Text("outcome"))), Is.EqualTo(new[] { (name, "succeeded") }),
                $"{name} takes a new item after the broker came back");
            foreach (var other in names.Where(n => n != name))
                await SetDrainedAsync(other, drained: false);
        }
    }

    async Task SetDrainedAsync(string name, bool drained)
    {
        using var response = await fleet.Api.PostAsync($"/api/workers/{name}/{(drained ? "drain" : "undrain")}", content: null);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{(drained ? "drain" : "undrain")} {name}: {(int)response.StatusCode}");
    }
}
