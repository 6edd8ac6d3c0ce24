using System.Globalization;
using Dapper;
using Npgsql;
using NUnit.Framework.Interfaces;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;
using Stamina.Worker;
using Stamina.Worker.Git;

namespace Stamina.EndToEnd.Tests.MultiHost;

/// <summary>
/// The fleet across machines, on this one: the coordinator and the services on the host side, workers a and b each
/// on a "machine" of its own (a network namespace and veth pair, see <see cref="RemoteWorkerHost"/>) that reaches the
/// broker only over its veth address. a's cable is pulled mid-item: b finishes the item; the cable goes back in: a
/// learns it lost the lease, its command is gone, and what it reports late is refused.
/// </summary>
[TestFixture]
[NonParallelizable] // network namespaces and cut links timed against the lease
public sealed class MultiHostTests
{
    static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest a cut-off holder's command may go on working: until its lease (three heartbeats) is unconfirmed, plus the supervisor's look (1 s) and slack.</summary>
    static readonly TimeSpan HoldBound = HeartbeatInterval * 4 + TimeSpan.FromSeconds(1);

    /// <summary>The longest two attempts of one item may both be working (docs/reliability.md): one heartbeat interval + 1 s.</summary>
    static readonly TimeSpan OverlapBound = HeartbeatInterval + TimeSpan.FromSeconds(1);

    RemoteWorkerHost hostA = null!;
    RemoteWorkerHost hostB = null!;
    Fleet fleet = null!;
    string marks = null!;

    [SetUp]
    public async Task StartHosts()
    {
        if (!RemoteWorkerHost.IsAvailable)
            Assert.Ignore("needs root and iproute2 (ip netns)");
        try
        {
            hostA = RemoteWorkerHost.Create();
            hostB = RemoteWorkerHost.Create();
            fleet = await Fleet.StartAsync(new FleetOptions { Workers = 0, HeartbeatInterval = HeartbeatInterval });
            marks = Directory.CreateDirectory(Path.Combine(fleet.Root, "marks")).FullName;
        }
        catch
        {
            // NUnit runs no tear-down after a failed set-up.
            await StopHosts();
            throw;
        }
    }

    /// <summary>Always, failed or not: the processes first (they live in the namespaces), then the relays, links and namespaces.</summary>
    [TearDown]
    public async Task StopHosts()
    {
        try
        {
            if (fleet is not null)
            {
                if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
                    fleet.WriteLogs(TestContext.Out);
                await fleet.DisposeAsync();
            }
        }
        finally
        {
            if (hostA is not null)
                await hostA.DisposeAsync();
            if (hostB is not null)
                await hostB.DisposeAsync();
            (fleet, hostA, hostB) = (null!, null!, null!);
        }
    }

    [Test]
    public void A_worker_host_Should_reach_the_broker_only_over_its_own_link()
    {
        foreach (var host in new[] { hostA, hostB })
        {
            Assert.That(host.Network.CanConnect("127.0.0.1", RemoteWorkerHost.BrokerPort), Is.False,
                $"{host.Name}: the host's loopback (where RabbitMQ listens) is not reachable from the namespace");
            Assert.That(host.Network.CanConnect(host.Network.HostAddress, RemoteWorkerHost.BrokerPort), Is.True,
                $"{host.Name}: the broker is reachable over the veth address");
            Assert.That(host.Network.CanConnect("127.0.0.1", fleet.Port), Is.False, $"{host.Name}: the coordinator's API (loopback) is not");
        }
        hostA.Cut();
        Assert.That(hostA.Network.CanConnect(hostA.Network.HostAddress, RemoteWorkerHost.BrokerPort), Is.False, "a cut link carries nothing");
        Assert.That(hostB.Network.CanConnect(hostB.Network.HostAddress, RemoteWorkerHost.BrokerPort), Is.True, "the other link is untouched");
        hostA.Restore();
        Assert.That(hostA.Network.CanConnect(hostA.Network.HostAddress, RemoteWorkerHost.BrokerPort), Is.True, "a restored link carries again");
    }

    [Test]
    public async Task When_a_holders_link_is_cut_mid_item_Should_be_finished_on_the_other_host_and_the_cut_holder_refused_when_it_returns()
    {
        var ticks = Path.Combine(marks, "ticks.log");
        var a = await hostA.StartWorkerAsync(fleet, "a");
        // Attempt 1 works until it is stopped, with a child of its own; a later attempt works a second and ends.
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[]
            {
                "sh", "-c",
                """
                n=0; [ "$STAMINA_ATTEMPT" = 1 ] && { n=100000; sleep 600 & }
                while :; do echo "$(date +%s%3N) $STAMINA_ATTEMPT" >> "$0"; n=$((n-1)); [ $n -lt -5 ] && break; sleep 0.2; done
                echo "$STAMINA_ATTEMPT" > result.txt
                """,
                ticks,
            },
            maxAttempts = 1, // a failure of its own would fail the item: the test proves none is counted
        })).Id();
        var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        Assert.That(running.Text("holder"), Is.EqualTo("a"));
        Assert.That(hostA.Network.EstablishedPeers(), Is.Not.Empty.And.All.EqualTo($"{hostA.Network.HostAddress}:{RemoteWorkerHost.BrokerPort}"),
            "a talks to the broker, and to nothing else, over its own link");
        await Eventually.UntilAsync(() => Task.FromResult(AttemptProcesses.Of(id, 1).Count >= 2), TimeSpan.FromSeconds(30),
            "attempt 1's command and its child to run");
        await hostB.StartWorkerAsync(fleet, "b");

        hostA.Cut();
        var cutAt = DateTimeOffset.UtcNow;
        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));

        var attempts = item.Attempts();
        Assert.That(attempts.Select(x => (x.Text("worker"), x.Text("outcome"))), Is.EqualTo(new[] { ("a", "lost"), ("b", "succeeded") }));
        Assert.That((item.GetProperty("failures").GetInt32(), item.GetProperty("lostAttempts").GetInt32()), Is.EqualTo((0, 1)),
            "a pulled cable is a fault, not the item's failure");
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "result.txt"), Is.EqualTo("2"), "b's work");
        var history = Ticks(ticks);
        var lastOfA = history.Where(t => t.Attempt == 1).Max(t => t.At);
        var firstOfB = history.Where(t => t.Attempt == 2).Min(t => t.At);
        Assert.That(lastOfA - cutAt, Is.LessThan(HoldBound), "a's command was held once its lease could no longer be confirmed");
        Assert.That(lastOfA - firstOfB, Is.LessThan(OverlapBound), "a's command did not work beside b's (beyond the documented bound)");
        var held = AttemptProcesses.Of(id, 1);
        Assert.That(held, Is.Not.Empty, "cut off, a cannot have heard that it lost the item");
        Assert.That(held.All(ProcessState.IsStopped), Is.True, "every process of a's attempt is held (stopped) while a is cut off");

        hostA.Restore();
        await Eventually.UntilAsync(() => Task.FromResult(AttemptProcesses.Of(id, 1).Count == 0), TimeSpan.FromSeconds(60),
            "a to kill every process of its lost attempt once it hears back");
        await Eventually.UntilAsync(async () => await StaleReportsAsync(id, "a") > 0, TimeSpan.FromSeconds(30), "a's late report to be refused as stale");
        Assert.That(a.Output.Any(line => line.Contains($"Lease on {id} attempt 1 lost", StringComparison.Ordinal)), Is.True,
            "a logs that it lost the lease");
        Assert.That(a.HasExited, Is.False, "a lives on, and takes work again");
        await fleet.WaitForWorkerAsync(a, "a");

        await AssertStaysWithBAsync(id);
        Assert.That(Ticks(ticks).Where(t => t.Attempt == 1).Max(t => t.At), Is.EqualTo(lastOfA), "a's command never worked again");
    }

    [Test]
    public async Task When_a_holder_finishes_while_cut_off_Should_refuse_its_late_result_and_keep_the_other_hosts()
    {
        var go = Path.Combine(marks, "go");
        var a = await hostA.StartWorkerAsync(fleet, "a");
        // Attempt 1 waits for the test's word (given once a is cut off) and then ends with work of its own.
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[]
            {
                "sh", "-c",
                """
                if [ "$STAMINA_ATTEMPT" = 1 ]; then while [ ! -e "$0" ]; do sleep 0.05; done; echo late > result.txt; exit 0; fi
                echo "$STAMINA_ATTEMPT" > result.txt
                """,
                go,
            },
            maxAttempts = 1,
        })).Id();
        var running = await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        Assert.That(running.Text("holder"), Is.EqualTo("a"));
        await Eventually.UntilAsync(() => Task.FromResult(AttemptProcesses.Of(id, 1).Count > 0), TimeSpan.FromSeconds(30), "attempt 1's command to run");
        await hostB.StartWorkerAsync(fleet, "b");

        hostA.Cut();
        await File.WriteAllTextAsync(go, "");
        // Within its lease (no hold yet) the command ends; a pushes its work to the shared remote and cannot report it.
        await Eventually.UntilAsync(() => Task.FromResult(AttemptProcesses.Of(id, 1).Count == 0), TimeSpan.FromSeconds(10), "a's command to end");
        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));
        Assert.That(item.Attempts().Select(x => (x.Text("worker"), x.Text("outcome"))), Is.EqualTo(new[] { ("a", "lost"), ("b", "succeeded") }));

        hostA.Restore();
        await Eventually.UntilAsync(async () => await StaleReportsAsync(id, "a", "result") > 0, TimeSpan.FromSeconds(90),
            "a's late result to be refused as stale");
        await Eventually.UntilAsync(() => Task.FromResult(a.Output.Any(line => line.Contains($"Result of {id} attempt 1 rejected as stale", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "a to hear that its result was refused");
        await AssertStaysWithBAsync(id);
        Assert.That(fleet.Repository.Show(BranchNames.ForAttempt(new WorkerSettings().BranchPrefix, id, 1), "result.txt"), Is.EqualTo("late"),
            "a's late work is kept on its own attempt's branch, apart from b's");
    }

    /// <summary>Succeeded with b's attempt, its one accepted result b's work, nothing counted against the item, and the refusal counted.</summary>
    async Task AssertStaysWithBAsync(Guid id)
    {
        var item = await fleet.ItemAsync(id);
        Assert.That((item.State(), item.Result().GetProperty("attempt").GetInt32()), Is.EqualTo(("Succeeded", 2)));
        Assert.That((item.GetProperty("failures").GetInt32(), item.GetProperty("lostAttempts").GetInt32()), Is.EqualTo((0, 1)));
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "result.txt"), Is.EqualTo("2"), "still b's work");
        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        Assert.That(await connection.QuerySingleAsync<(long, int)>("select count(*), max(attempt) from results where item_id = @id", new { id }),
            Is.EqualTo((1L, 2)), "one accepted result, b's");
        var rejected = new PrometheusScrape(await fleet.Api.GetStringAsync("/metrics")).Of("stamina_reports_rejected_total")
            .Where(s => s.Labels.GetValueOrDefault("reason") == "stale").Sum(s => s.Value);
        Assert.That(rejected, Is.GreaterThanOrEqualTo(1), "the refusal is counted in stamina_reports_rejected_total{reason=\"stale\"}");
    }

    async Task<long> StaleReportsAsync(Guid id, string worker, string? kind = null)
    {
        await using var connection = new NpgsqlConnection(fleet.DatabaseConnectionString);
        return await connection.ExecuteScalarAsync<long>(
            "select count(*) from stale_reports where item_id = @id and worker = @worker and attempt = 1 and (@kind::text is null or kind = @kind)",
            new { id, worker, kind });
    }

    static IReadOnlyList<(DateTimeOffset At, int Attempt)> Ticks(string file) =>
        [.. File.ReadAllLines(file).Select(line => line.Split(' ')).Where(parts => parts.Length == 2)
            .Select(parts => (DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[0], CultureInfo.InvariantCulture)), int.Parse(parts[1], CultureInfo.InvariantCulture)))];
}
