using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// An outage of the coordinator longer than a lease costs nothing: no attempt, no failure, no lost attempt, no
/// killed command. While the lease cannot be confirmed the worker holds (stops) its command, and lets it go on
/// once the coordinator, back again, confirms the token; the coordinator judges leases only on time it could hear.
/// </summary>
[TestFixture]
public sealed class OutageTests : FleetTestBase
{
    /// <summary>Three leases of the test timings (heartbeat 1 s, lease 3 s): far past any deadline.</summary>
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(9);

    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_the_coordinator_is_frozen_past_the_lease_Should_hold_the_command_and_then_finish_it_at_no_cost()
    {
        var (id, command) = await StartLongItemAsync();

        fleet.Coordinator.Signal(Signals.Stop);
        try
        {
            await Eventually.UntilAsync(() => Task.FromResult(ProcessState.IsStopped(command)), TimeSpan.FromSeconds(15),
                "the worker to hold its command once the lease could not be confirmed");
            await Task.Delay(Outage); // the outage itself: what the test inflicts, not a wait for a result
        }
        finally
        {
            fleet.Coordinator.Signal(Signals.Continue);
        }

        await AssertFinishedAtNoCostAsync(id);
    }

    [Test]
    public async Task When_the_coordinator_is_killed_and_comes_back_after_the_lease_Should_finish_the_item_at_no_cost()
    {
        var (id, command) = await StartLongItemAsync();

        fleet.Coordinator.Signal(Signals.Kill);
        await fleet.Coordinator.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync(() => Task.FromResult(ProcessState.IsStopped(command)), TimeSpan.FromSeconds(15), "the worker to hold its command");
        await Task.Delay(Outage);
        Assert.That(Signals.IsAlive(command), Is.True, "the command outlives the outage");
        await fleet.StartCoordinatorAsync();

        await AssertFinishedAtNoCostAsync(id);
    }

    /// <summary>An item whose command works for about ten seconds; its id and the command's pid once it runs.</summary>
    async Task<(Guid Id, int Command)> StartLongItemAsync()
    {
        var pidFile = Path.Combine(fleet.Root, "command.pid");
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[]
            {
                "sh", "-c",
                $"echo $$ > '{pidFile}'; i=0; while [ $i -lt 40 ]; do i=$((i+1)); sleep 0.25; done; echo \"$STAMINA_ATTEMPT\" > result.txt",
            },
        })).Id();
        await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n')),
            TimeSpan.FromSeconds(30), "the command to start");
        return (id, ReadPid(pidFile));
    }

    async Task AssertFinishedAtNoCostAsync(Guid id)
    {
        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));
        Assert.That(item.Attempts().Select(a => a.Text("outcome")), Is.EqualTo(new[] { "succeeded" }), "one attempt, never lost or retried");
        Assert.That((item.GetProperty("failures").GetInt32(), LostAttempts(item)), Is.EqualTo((0, 0)));
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "result.txt"), Is.EqualTo("1"),
            "the first attempt's command ran to its end");
    }

    static int LostAttempts(JsonElement item) => item.GetProperty("lostAttempts").GetInt32();
}
