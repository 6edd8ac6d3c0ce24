using System.Diagnostics;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

[TestFixture]
public sealed class BrokerFaultTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_the_broker_closes_a_busy_workers_connection_Should_finish_the_item_and_keep_consuming()
    {
        var started = Path.Combine(fleet.Root, "started");
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", $"touch '{started}'; sleep 4; echo ok > ok.txt" },
        })).Id();
        await Eventually.UntilAsync(() => File.Exists(started), TimeSpan.FromSeconds(60), "the command to start");

        // What RabbitMQ does when a delivery outlives consumer_timeout, or the network drops.
        // The management API lists a connection only once its statistics were collected (every few seconds).
        await Eventually.UntilAsync(async () => await fleet.VirtualHost.CloseConnectionsAsync("stamina-worker-w1") > 0,
            TimeSpan.FromSeconds(30), "the broker to close the worker's connection");
        var clock = Stopwatch.StartNew();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));
        TestContext.Out.WriteLine($"the item succeeded {clock.Elapsed.TotalSeconds:0.0} s after the connection was closed");
        Assert.That(item.Attempts().Select(a => a.Text("worker")), Is.EqualTo(new[] { "w1" }), "one attempt, by the worker that ran it");
        Assert.That(item.GetProperty("failures").GetInt32(), Is.Zero, "a broker fault is not the item's failure");

        var next = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();
        await fleet.WaitForStateAsync(next, "Succeeded", TimeSpan.FromSeconds(90));
        Assert.That(fleet.Workers[0].HasExited, Is.False, "the worker recovered in its own process");
        Assert.That(fleet.Workers[0].Output.Where(IsHostRestart), Is.Empty, "the bus recovered without rebuilding the host");
    }

    [Test]
    public async Task When_the_broker_loses_a_queued_items_message_Should_publish_it_again()
    {
        var worker = fleet.Workers[0];
        worker.Signal(Signals.Terminate);
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));
        fleet.Retire(worker);
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } })).Id();
        await Eventually.UntilAsync(async () => (await fleet.VirtualHost.GetQueueAsync("stamina.pool.default"))?.MessagesReady > 0,
            TimeSpan.FromSeconds(30), "the item's message to wait in the pool queue");

        await fleet.VirtualHost.PurgeQueueAsync("stamina.pool.default");
        await fleet.StartWorkerAsync("w2");

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(item.Attempts(), Has.Count.EqualTo(1), "republished once, claimed once");
    }

    /// <summary>What <c>BrokerWatchdog</c> and <c>RestartableHost</c> print when they rebuild the host.</summary>
    static bool IsHostRestart(string line) =>
        line.Contains("restarting with new connections", StringComparison.Ordinal) || line.StartsWith("Restarting: ", StringComparison.Ordinal);
}
