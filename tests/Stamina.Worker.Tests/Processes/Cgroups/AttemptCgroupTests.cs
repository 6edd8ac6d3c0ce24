using System.Globalization;
using Stamina.Testing;
using Stamina.Worker.Processes;
using Stamina.Worker.Processes.Cgroups;
using Stamina.Worker.Processes.Sandbox;

namespace Stamina.Worker.Tests.Processes.Cgroups;

/// <summary>
/// Real processes in real cgroups (skipped where this machine has none usable; failed so in CI): a command cannot go over
/// its limits, everything it started (its own sessions too) ends with it, and its group is gone afterwards.
/// </summary>
[TestFixture]
[NonParallelizable] // a memory hog and a fork bomb, on a machine of two cores
public sealed class AttemptCgroupTests
{
    ScratchDirectory scratch = null!;

    [SetUp]
    public void CreateScratch() => scratch = new ScratchDirectory();

    [TearDown]
    public void RemoveScratch() => scratch.Dispose();

    ChildProcessOptions Options(AttemptCgroup cgroup, string script) => new()
    {
        Command = ["bash", "-c", script],
        WorkingDirectory = scratch.Path,
        Cgroup = cgroup,
    };

    static IReadOnlyList<int> Pids(string file) =>
        File.Exists(file) ? [.. File.ReadAllLines(file).Where(line => line.Length > 0).Select(line => int.Parse(line, CultureInfo.InvariantCulture))] : [];

    [Test]
    public async Task A_fork_bomb_Should_not_get_past_its_process_limit_and_leave_nothing_behind()
    {
        var cgroups = RealCgroups.Require(scratch.Path, new AttemptLimits { MaxProcesses = 30 });
        var cgroup = cgroups.Create(Guid.NewGuid(), 1)!;
        var pids = scratch.Combine("pids");
        await using var child = ChildProcess.Start(Options(cgroup, $"for i in $(seq 200); do sleep 300 & echo $! >> '{pids}'; done; wait"));

        await Eventually.UntilAsync(() => Task.FromResult(cgroup.Breach() is not null), TimeSpan.FromSeconds(20), "the process limit to refuse a fork");
        Assert.That(cgroup.Members(), Has.Count.LessThanOrEqualTo(30));
        child.Kill();
        await child.WaitAsync();
        await cgroup.DisposeAsync();

        var started = Pids(pids);
        Assert.That(started, Has.Count.InRange(1, 29), "the shell and its sleeps: never more than 30 at once");
        Assert.That(started.Where(ProcessTable.IsAlive), Is.Empty, "every sleep ended with the attempt");
        Assert.That(cgroup.Breach(), Is.Null.Or.Property("Limit").EqualTo("processes"));
        Assert.That(cgroup.Directories.Where(Directory.Exists), Is.Empty, "the group is removed");
    }

    [Test]
    public async Task A_memory_hog_Should_be_killed_by_the_memory_limit_and_the_breach_named()
    {
        var cgroups = RealCgroups.Require(scratch.Path, new AttemptLimits { MemoryBytes = 64L << 20 });
        await using var cgroup = cgroups.Create(Guid.NewGuid(), 1)!;
        await using var child = ChildProcess.Start(Options(cgroup, "exec dd if=/dev/zero of=/dev/null bs=256M count=1"));

        var result = await child.WaitAsync();

        Assert.That(result.ExitCode, Is.EqualTo(137), "SIGKILL from the OOM killer: " + result.StandardErrorTail);
        Assert.That(cgroup.Breach()?.Limit, Is.EqualTo("memory"));
        Assert.That(cgroup.Breach()?.Message, Does.Contain("memory limit").And.Contain("67108864 bytes"));
    }

    [Test]
    public async Task A_sandboxed_memory_hog_Should_be_killed_by_the_memory_limit_too()
    {
        Assume.That(SandboxProbe.Problem(BubblewrapCommand.DefaultProgram), Is.Null, "bubblewrap works on this machine");
        var cgroups = RealCgroups.Require(scratch.Path, new AttemptLimits { MemoryBytes = 64L << 20 });
        await using var cgroup = cgroups.Create(Guid.NewGuid(), 1)!;
        var sandbox = CommandSandboxes.Start(new WorkerSettings { Name = "cgtest", WorkDir = scratch.Combine("work"), Sandbox = SandboxMode.Required })
            .For(scratch.Path, [], []);
        await using var child = ChildProcess.Start(Options(cgroup, "dd if=/dev/zero of=/dev/null bs=256M count=1; echo survived $?") with { Sandbox = sandbox });

        var result = await child.WaitAsync();

        Assert.That(result.StandardOutputTail, Does.Contain("survived 137"), "dd, inside bubblewrap, was killed: " + result.StandardErrorTail);
        Assert.That(cgroup.Breach()?.Limit, Is.EqualTo("memory"));
    }

    [Test]
    public async Task The_cpu_quota_Should_be_written_into_the_group()
    {
        var cgroups = RealCgroups.Require(scratch.Path, new AttemptLimits { Cpus = 0.5 });
        await using var cgroup = cgroups.Create(Guid.NewGuid(), 1)!;
        await using var child = ChildProcess.Start(Options(cgroup, "cat /proc/self/cgroup"));

        var result = await child.WaitAsync();

        var directory = cgroup.Directories.Single(d => File.Exists(Path.Combine(d, "cpu.max")) || File.Exists(Path.Combine(d, "cpu.cfs_quota_us")));
        var quota = File.Exists(Path.Combine(directory, "cpu.max"))
            ? File.ReadAllText(Path.Combine(directory, "cpu.max")).Trim()
            : File.ReadAllText(Path.Combine(directory, "cpu.cfs_quota_us")).Trim() + " " + File.ReadAllText(Path.Combine(directory, "cpu.cfs_period_us")).Trim();
        Assert.That(quota, Is.EqualTo("50000 100000"));
        Assert.That(result.StandardOutputTail, Does.Contain(Path.GetFileName(directory)), "the command ran inside the group");
    }

    [Test]
    public async Task A_process_that_left_with_its_own_session_Should_end_with_the_command()
    {
        var cgroups = RealCgroups.Require(scratch.Path, new AttemptLimits { MaxProcesses = 30 });
        var cgroup = cgroups.Create(Guid.NewGuid(), 1)!;
        var pidFile = scratch.Combine("escapee");
        var go = scratch.Combine("go");
        await using var child = ChildProcess.Start(Options(cgroup,
            $"setsid sleep 300 & echo $! > '{pidFile}'; while [ ! -e '{go}' ]; do sleep 0.1; done"));
        await Eventually.UntilAsync(() => Task.FromResult(Pids(pidFile).Count == 1), TimeSpan.FromSeconds(10), "the escapee to start");
        var escapee = Pids(pidFile)[0];
        await Eventually.UntilAsync(() => Task.FromResult(ProcessGroupOf(escapee) == escapee), TimeSpan.FromSeconds(10),
            "the escapee to lead a session and group of its own");

        await File.WriteAllTextAsync(go, "");
        var result = await child.WaitAsync();
        await cgroup.DisposeAsync();

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(ProcessTable.IsAlive(escapee), Is.False, "the escapee ended with the command");
        Assert.That(cgroup.Directories.Where(Directory.Exists), Is.Empty);
    }

    [Test]
    public async Task Holding_Should_freeze_a_process_that_left_the_group_too_and_continuing_thaw_it()
    {
        var cgroups = RealCgroups.Require(scratch.Path, new AttemptLimits { MaxProcesses = 30 });
        var cgroup = cgroups.Create(Guid.NewGuid(), 1)!;
        if (!cgroup.CanHold)
            CiRequirement.Skip("no cgroup freezer here (cgroup v1 without its freezer hierarchy)");
        var ticks = scratch.Combine("ticks");
        // The escapee writes; SIGSTOP to the command's process group would never reach it.
        await using var child = ChildProcess.Start(Options(cgroup, $"setsid sh -c 'while :; do echo x >> {ticks}; sleep 0.05; done' & wait"));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(ticks) && new FileInfo(ticks).Length > 0), TimeSpan.FromSeconds(10),
            "the escapee to write");

        child.Hold(stop: true);
        await Eventually.UntilAsync(() => Task.FromResult(cgroup.IsFrozen), TimeSpan.FromSeconds(10), "the group to be frozen");
        var held = new FileInfo(ticks).Length;
        await Task.Delay(500); // a stretch in which a running escapee would write ten times
        Assert.That(new FileInfo(ticks).Length, Is.EqualTo(held), "nothing written while held");

        child.Hold(stop: false);
        await Eventually.UntilAsync(() => Task.FromResult(new FileInfo(ticks).Length > held), TimeSpan.FromSeconds(10), "the escapee to go on");
        child.Kill();
        await child.WaitAsync();
        await cgroup.DisposeAsync();
        Assert.That(cgroup.Directories.Where(Directory.Exists), Is.Empty);
    }

    [Test]
    public async Task A_held_command_Should_still_end_when_killed()
    {
        var cgroups = RealCgroups.Require(scratch.Path, new AttemptLimits { MaxProcesses = 30 });
        var cgroup = cgroups.Create(Guid.NewGuid(), 1)!;
        var pidFile = scratch.Combine("escapee");
        await using var child = ChildProcess.Start(Options(cgroup, $"setsid sleep 300 & echo $! > '{pidFile}'; wait"));
        await Eventually.UntilAsync(() => Task.FromResult(Pids(pidFile).Count == 1), TimeSpan.FromSeconds(10), "the escapee to start");
        child.Hold(stop: true);

        child.Kill();
        var result = await child.WaitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await cgroup.DisposeAsync();

        Assert.That(result.KilledByUs, Is.True);
        Assert.That(ProcessTable.IsAlive(Pids(pidFile)[0]), Is.False);
        Assert.That(cgroup.Directories.Where(Directory.Exists), Is.Empty);
    }

    [Test]
    public async Task When_the_group_cannot_be_joined_Should_not_run_the_command_at_all()
    {
        var cgroups = RealCgroups.Require(scratch.Path, new AttemptLimits { MaxProcesses = 30 });
        var cgroup = cgroups.Create(Guid.NewGuid(), 1)!;
        await cgroup.DisposeAsync(); // gone before the command starts
        var ran = scratch.Combine("ran");
        await using var child = ChildProcess.Start(Options(cgroup, $"touch '{ran}'"));

        var result = await child.WaitAsync();

        Assert.That(result.ExitCode, Is.EqualTo(125));
        Assert.That(result.StandardErrorTail, Does.Contain("cannot join the attempt's cgroup"));
        Assert.That(File.Exists(ran), Is.False);
    }

    [Test]
    public async Task At_start_Should_end_and_remove_the_groups_a_killed_worker_left_and_only_those()
    {
        var cgroups = RealCgroups.Require(scratch.Path, new AttemptLimits { MaxProcesses = 30 });
        var other = RealCgroups.Require(scratch.Combine("other"), new AttemptLimits { MaxProcesses = 30 });
        var left = cgroups.Create(Guid.NewGuid(), 1)!;
        await using var kept = other.Create(Guid.NewGuid(), 1)!;
        // A worker killed mid-attempt: its command and an escapee stay in the group.
        var pids = scratch.Combine("pids");
        var child = ChildProcess.Start(Options(left, $"setsid sleep 300 & echo $! >> '{pids}'; echo $$ >> '{pids}'; exec sleep 300") with
        {
            KillLeftoversOnExit = false,
        });
        await Eventually.UntilAsync(() => Task.FromResult(Pids(pids).Count == 2), TimeSpan.FromSeconds(10), "the command to start");

        var swept = await RealCgroups.Require(scratch.Path, new AttemptLimits { Cpus = 1 }).SweepAsync();
        await child.WaitAsync();
        await child.DisposeAsync();

        Assert.That(swept, Is.EqualTo(1));
        Assert.That(Pids(pids).Where(ProcessTable.IsAlive), Is.Empty);
        Assert.That(left.Directories.Where(Directory.Exists), Is.Empty);
        Assert.That(kept.Directories.Where(Directory.Exists), Is.Not.Empty, "another worker's group is left alone");
    }

    static int ProcessGroupOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], CultureInfo.InvariantCulture);
    }
}
