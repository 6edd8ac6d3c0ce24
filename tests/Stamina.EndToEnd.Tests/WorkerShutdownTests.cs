using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

[TestFixture]
public sealed class WorkerShutdownTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1, DrainTimeout = TimeSpan.FromSeconds(2) };

    [Test]
    public async Task When_a_worker_is_stopped_mid_item_Should_release_it_without_a_failure_and_save_its_work()
    {
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", "echo partial > partial.txt; if [ \"$STAMINA_ATTEMPT\" = 1 ]; then sleep 300 & wait; fi" },
        })).Id();
        await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        var worker = fleet.Workers[0];

        worker.Signal(Signals.Terminate);
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));
        fleet.Retire(worker);

        var released = await fleet.WaitForStateAsync(id, "Queued", TimeSpan.FromSeconds(30));
        Assert.That((released.Attempts()[0].Text("outcome"), released.GetProperty("failures").GetInt32()), Is.EqualTo(("released", 0)));
        var branch = released.Attempts()[0].Text("branch")!;
        Assert.That(fleet.Repository.Show(branch, "partial.txt"), Is.EqualTo("partial"), "the released attempt's work is pushed");
        await Eventually.UntilAsync(async () => (await fleet.WorkersAsync()).Single().Text("state") == "offline",
            TimeSpan.FromSeconds(30), "the stopped worker to show as offline");

        await fleet.StartWorkerAsync("w2");
        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
    }
}
