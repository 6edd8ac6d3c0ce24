using System.Globalization;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;
using Stamina.Worker;
using Stamina.Worker.Processes.Cgroups;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Per-attempt cgroup limits on the real fleet (skipped where this machine has no usable cgroups; failed so in CI): a
/// memory hog and a fork bomb end failed naming their limit, nothing they started is left, their groups are removed, and
/// the worker takes the next item. Unsandboxed (the fleet's default in tests), so only the cgroup ends an escapee.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
[NonParallelizable] // a memory hog and a fork bomb, on a machine of two cores
public sealed class AttemptCgroupLimitTests(FleetMode mode) : FleetTestBase(mode)
{
    private protected override FleetOptions Options => new()
    {
        Workers = 1,
        WorkerSettings = new Dictionary<string, string>
        {
            ["Stamina__Worker__AttemptMemoryBytes"] = (64L << 20).ToString(CultureInfo.InvariantCulture),
            ["Stamina__Worker__AttemptMaxProcesses"] = "30",
            ["Stamina__Worker__AttemptCpus"] = "1.5",
        },
    };

    [OneTimeSetUp]
    public void RequireCgroups()
    {
        using var work = new TemporaryDirectory();
        var cgroups = AttemptCgroups.Start(new WorkerSettings { Name = "probe", WorkDir = work.Path, AttemptMemoryBytes = 64L << 20, AttemptMaxProcesses = 30, AttemptCpus = 1.5 });
        if (cgroups.Problem is { } problem)
            CiRequirement.Skip($"cgroups cannot be used here (run as root with a writable cgroupfs): {problem}");
    }

    [Test]
    public async Task A_memory_hog_Should_fail_naming_memory_and_the_worker_take_the_next_item()
    {
        var hog = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            maxAttempts = 1,
            command = new[] { "sh", "-c", "dd if=/dev/zero of=/dev/null bs=256M count=1" },
        })).Id();

        var failed = await fleet.WaitForStateAsync(hog, "Failed", TimeSpan.FromSeconds(60));

        var attempt = failed.Attempts()[0];
        Assert.That((attempt.Text("outcome"), attempt.Text("errorClass")), Is.EqualTo(("failed", "resource_limit")));
        Assert.That(attempt.Text("message"), Does.Contain("memory limit").And.Contain("AttemptMemoryBytes"));
        Assert.That(GroupsOf(hog), Is.Empty, "the attempt's cgroup is removed");

        var next = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo ok > result.txt" } })).Id();
        await fleet.WaitForStateAsync(next, "Succeeded", TimeSpan.FromSeconds(60));
    }

    [Test]
    public async Task A_fork_bomb_Should_stay_under_its_process_limit_fail_naming_it_and_leave_nothing()
    {
        var pids = Path.Combine(fleet.Root, "bomb.pids");
        var bomb = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            maxAttempts = 1,
            command = new[] { "bash", "-c", $"for i in $(seq 200); do sleep 300 & echo $! >> '{pids}'; done; wait" },
        })).Id();

        var failed = await fleet.WaitForStateAsync(bomb, "Failed", TimeSpan.FromSeconds(60));

        var attempt = failed.Attempts()[0];
        Assert.That(attempt.Text("errorClass"), Is.EqualTo("resource_limit"));
        Assert.That(attempt.Text("message"), Does.Contain("process limit").And.Contain("30"));
        var started = File.ReadAllLines(pids).Select(int.Parse).ToList();
        Assert.That(started, Has.Count.InRange(1, 29), "never more than 30 processes at once, the shell included");
        Assert.That(started.Where(Signals.IsAlive), Is.Empty, "every sleep ended with the attempt");
        Assert.That(GroupsOf(bomb), Is.Empty, "the attempt's cgroup is removed");
    }

    [Test]
    public async Task A_process_that_left_with_its_own_session_Should_end_with_the_attempt()
    {
        var pidFile = Path.Combine(fleet.Root, "escapee.pid");
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", $"setsid sleep 300 & echo $! > '{pidFile}'; sleep 1; echo ok > result.txt" },
        })).Id();

        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        var escapee = await ReadPidAsync(pidFile);
        await Eventually.UntilAsync(() => Task.FromResult(!Signals.IsAlive(escapee)), TimeSpan.FromSeconds(5), "the escapee to be ended");
        Assert.That(GroupsOf(id), Is.Empty, "the attempt's cgroup is removed");
    }

    /// <summary>Cgroup directories named for <paramref name="id"/> under this process's groups (the fleet's processes are its children).</summary>
    static IReadOnlyList<string> GroupsOf(Guid id) =>
    [
        .. File.ReadAllLines("/proc/self/cgroup").Select(line => line.Split(':', 3))
            .Where(fields => fields[0] != "0" && fields[1].Split(',').Intersect(["memory", "pids", "cpu"]).Any())
            .SelectMany(fields => fields[1].Split(',').Prepend(fields[1]).Select(mount => Path.Join(Path.Combine(CgroupLayout.DefaultRoot, mount), fields[2])))
            .Where(Directory.Exists)
            .Distinct()
            .SelectMany(directory => Directory.EnumerateDirectories(directory, $"*{id:N}*")),
    ];
}
