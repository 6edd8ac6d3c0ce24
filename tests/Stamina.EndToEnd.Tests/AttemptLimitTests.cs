using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>Failures, timeouts and cancellation, on real processes.</summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class AttemptLimitTests(FleetMode mode) : FleetTestBase(mode)
{
    [Test]
    public async Task When_the_command_exits_3_Should_retry_with_backoff_then_fail_with_the_exit_code_and_stderr()
    {
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            maxAttempts = 3,
            command = new[] { "sh", "-c", "echo \"broken on attempt $STAMINA_ATTEMPT\" >&2; exit 3" },
        })).Id();

        var item = await fleet.WaitForStateAsync(id, "Failed", TimeSpan.FromSeconds(90));

        var attempts = item.Attempts();
        Assert.That(attempts, Has.Count.EqualTo(3));
        Assert.That(attempts.Select(a => a.GetProperty("exitCode").GetInt32()), Is.All.EqualTo(3));
        Assert.That(attempts[2].Text("message"), Does.Contain("broken on attempt 3"));
        Assert.That(item.GetProperty("failures").GetInt32(), Is.EqualTo(3));
        for (var i = 1; i < attempts.Count; i++)
        {
            var gap = attempts[i].GetProperty("startedAt").GetDateTimeOffset() - attempts[i - 1].GetProperty("endedAt").GetDateTimeOffset();
            Assert.That(gap, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(200)), $"backoff before attempt {i + 1}");
        }
    }

    [Test]
    public async Task When_the_command_overruns_its_timeout_Should_kill_the_whole_tree_and_record_a_timeout()
    {
        var pids = Path.Combine(fleet.Root, "tree.pids");
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            maxAttempts = 1,
            timeout = "2s",
            command = new[] { "sh", "-c", $"sleep 300 & echo $! >> '{pids}'; (sleep 300 & echo $! >> '{pids}') ; echo $$ >> '{pids}'; wait" },
        })).Id();

        var item = await fleet.WaitForStateAsync(id, "Failed", TimeSpan.FromSeconds(60));

        Assert.That(item.Attempts()[0].Text("outcome"), Is.EqualTo("timedOut"));
        Assert.That(item.Attempts()[0].Text("errorClass"), Is.EqualTo("timeout"));
        var tree = File.ReadAllLines(pids).Select(int.Parse).ToList();
        await Eventually.UntilAsync(() => Task.FromResult(tree.All(pid => !Signals.IsAlive(pid))), TimeSpan.FromSeconds(10),
            "every process of the timed-out tree to be gone");
    }

    [Test]
    public async Task When_a_running_item_is_cancelled_Should_end_its_process_tree_within_five_seconds()
    {
        var pidFile = Path.Combine(fleet.Root, "cancel.pid");
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", $"echo $$ > '{pidFile}'; sleep 300 & wait" },
        })).Id();
        await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the command to start");
        var pid = await ReadPidAsync(pidFile);

        var response = await fleet.Api.PostAsync($"/api/items/{id}/cancel", null);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));

        await Eventually.UntilAsync(() => Task.FromResult(!Signals.IsAlive(pid)), TimeSpan.FromSeconds(5), "the cancelled command to be killed");
        var item = await fleet.ItemAsync(id);
        Assert.That((item.State(), item.Attempts()[0].Text("outcome")), Is.EqualTo(("Cancelled", "cancelled")));
    }
}
