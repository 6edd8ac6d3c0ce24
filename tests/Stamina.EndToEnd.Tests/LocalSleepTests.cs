using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A laptop that sleeps past the lease while <c>stamina local</c> runs an item (here: the whole process stopped for
/// three leases) resumes without a failure, a lost attempt or a killed command: the coordinator notices its clock
/// jumped and gives every lease a full period, the worker confirms its lease and lets its command go on.
/// </summary>
[TestFixture]
public sealed class LocalSleepTests() : FleetTestBase(FleetMode.Local)
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_the_laptop_sleeps_past_the_lease_Should_finish_the_item_in_its_first_attempt()
    {
        var pidFile = Path.Combine(fleet.Root, "command.pid");
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", $"echo $$ > '{pidFile}'; i=0; while [ $i -lt 40 ]; do i=$((i+1)); sleep 0.25; done; echo \"$STAMINA_ATTEMPT\" > result.txt" },
        })).Id();
        await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the command to start");
        var command = ReadPid(pidFile);

        fleet.Coordinator.Signal(Signals.Stop);
        try
        {
            // Asleep, nothing of ours runs: the command's leash gets no ticks and stops it too.
            await Eventually.UntilAsync(() => Task.FromResult(ProcessState.IsStopped(command)), TimeSpan.FromSeconds(15),
                "the leash to stop the command of a sleeping worker");
            await Task.Delay(TimeSpan.FromSeconds(9)); // the sleep: three leases of the test timings
        }
        finally
        {
            fleet.Coordinator.Signal(Signals.Continue);
        }

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));
        Assert.That(item.Attempts().Select(a => a.Text("outcome")), Is.EqualTo(new[] { "succeeded" }), "one attempt, never lost or retried");
        Assert.That((item.GetProperty("failures").GetInt32(), item.GetProperty("lostAttempts").GetInt32()), Is.EqualTo((0, 0)));
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "result.txt"), Is.EqualTo("1"));
    }
}
