using Stamina.Worker.Processes.Cgroups;

namespace Stamina.Worker.Tests.Processes.Cgroups;

/// <summary>
/// Where attempts' groups go, and what is written into them, on a fake cgroupfs tree: cgroup v2 when the root is a cgroup2
/// mount, else one v1 hierarchy per controller, always under the worker's own group as <c>/proc/self/cgroup</c> names it.
/// </summary>
[TestFixture]
public sealed class CgroupLayoutTests
{
    static readonly string[] All = [CgroupLayout.Memory, CgroupLayout.Pids, CgroupLayout.Cpu];

    ScratchDirectory scratch = null!;

    [SetUp]
    public void CreateScratch() => scratch = new ScratchDirectory();

    [TearDown]
    public void RemoveScratch() => scratch.Dispose();

    string Hierarchy(string mount, string own)
    {
        var directory = Directory.CreateDirectory(scratch.Combine(mount)).FullName;
        File.WriteAllText(Path.Combine(directory, "cgroup.procs"), "");
        return Directory.CreateDirectory(Path.Join(directory, own)).FullName;
    }

    string Unified(string own, string controllers)
    {
        File.WriteAllText(scratch.Combine("cgroup.controllers"), "cpuset cpu io memory pids\n");
        var directory = Directory.CreateDirectory(Path.Join(scratch.Path, own)).FullName;
        File.WriteAllText(Path.Combine(directory, "cgroup.controllers"), controllers + "\n");
        File.WriteAllText(Path.Combine(directory, "cgroup.subtree_control"), "");
        return directory;
    }

    [Test]
    public void On_cgroup_v1_Should_use_each_controllers_hierarchy_under_the_workers_own_group_there()
    {
        var memory = Hierarchy("memory", "process_api/abc");
        var pids = Hierarchy("pids", "");
        var cpu = Hierarchy("cpu,cpuacct", "svc");
        Directory.CreateDirectory(scratch.Combine("unified"));
        var self = "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/abc\n2:cpu,cpuacct:/svc\n0::/\n";

        var problem = CgroupLayout.Detect(scratch.Path, self, All, out var layout);

        Assert.That(problem, Is.Null);
        Assert.That(layout!.Unified, Is.False);
        Assert.That(layout.Parents, Is.EquivalentTo(new Dictionary<string, string>
        {
            [CgroupLayout.Memory] = memory,
            [CgroupLayout.Pids] = Path.TrimEndingDirectorySeparator(pids),
            [CgroupLayout.Cpu] = cpu,
        }));
    }

    [Test]
    public void On_cgroup_v2_Should_use_the_workers_own_group_for_every_controller()
    {
        var own = Unified("system.slice/worker.service", "cpu memory pids");

        var problem = CgroupLayout.Detect(scratch.Path, "0::/system.slice/worker.service\n", All, out var layout);

        Assert.That(problem, Is.Null);
        Assert.That(layout!.Unified, Is.True);
        Assert.That(layout.ParentsOf(All), Is.EqualTo(new[] { own }));
    }

    [Test]
    public void On_cgroup_v2_from_the_workers_leaf_Should_make_groups_beside_it()
    {
        var own = Unified("w", "cpu memory pids");
        Directory.CreateDirectory(Path.Combine(own, CgroupLayout.WorkerLeaf));

        CgroupLayout.Detect(scratch.Path, $"0::/w/{CgroupLayout.WorkerLeaf}\n", All, out var layout);

        Assert.That(layout!.ParentsOf(All), Is.EqualTo(new[] { own }));
    }

    [Test]
    public void On_cgroup_v2_without_a_controller_Should_say_which_one_is_missing()
    {
        Unified("w", "memory");

        var problem = CgroupLayout.Detect(scratch.Path, "0::/w\n", All, out var layout);

        Assert.That(layout, Is.Null);
        Assert.That(problem, Does.Contain("cgroup v2 pids controller is not available"));
    }

    [Test]
    public void On_cgroup_v1_without_a_controllers_hierarchy_Should_say_which_one_is_missing()
    {
        Hierarchy("memory", "");

        var problem = CgroupLayout.Detect(scratch.Path, "4:memory:/\n0::/\n", All, out var layout);

        Assert.That(layout, Is.Null);
        Assert.That(problem, Does.Contain("no cgroup v1 hierarchy has the pids controller"));
    }

    [Test]
    public void When_the_own_group_is_not_there_Should_say_so()
    {
        Hierarchy("pids", "");

        var problem = CgroupLayout.Detect(scratch.Path, "8:pids:/elsewhere\n", [CgroupLayout.Pids], out _);

        Assert.That(problem, Does.Contain("own cgroup").And.Contain("elsewhere").And.Contain("is not there"));
    }

    [Test]
    public void A_v1_group_Should_get_the_memory_process_and_cfs_quota_limits()
    {
        Hierarchy("memory", "");
        Hierarchy("pids", "");
        Hierarchy("cpu", "");
        CgroupLayout.Detect(scratch.Path, "8:pids:/\n4:memory:/\n2:cpu:/\n", All, out var layout);

        var group = AttemptCgroup.Create(layout!, "a1", new AttemptLimits { MemoryBytes = 64L << 20, MaxProcesses = 30, Cpus = 1.5 });

        Assert.That(group.Directories, Has.Count.EqualTo(3));
        Assert.That(File.ReadAllText(scratch.Combine("memory", "a1", "memory.limit_in_bytes")), Is.EqualTo("67108864"));
        Assert.That(File.ReadAllText(scratch.Combine("pids", "a1", "pids.max")), Is.EqualTo("30"));
        Assert.That(File.ReadAllText(scratch.Combine("cpu", "a1", "cpu.cfs_period_us")), Is.EqualTo("100000"));
        Assert.That(File.ReadAllText(scratch.Combine("cpu", "a1", "cpu.cfs_quota_us")), Is.EqualTo("150000"));
        Assert.That(group.ProcessFiles, Is.EquivalentTo(new[] { "memory", "pids", "cpu" }.Select(c => scratch.Combine(c, "a1", "cgroup.procs"))));
    }

    [Test]
    public void A_v2_group_Should_get_memory_max_pids_max_and_cpu_max()
    {
        var own = Unified("w", "cpu memory pids");
        CgroupLayout.Detect(scratch.Path, "0::/w\n", All, out var layout);

        var group = AttemptCgroup.Create(layout!, "a1", new AttemptLimits { MemoryBytes = 64L << 20, MaxProcesses = 30, Cpus = 0.5 });

        Assert.That(group.Directories, Is.EqualTo(new[] { Path.Combine(own, "a1") }));
        Assert.That(File.ReadAllText(Path.Combine(own, "a1", "memory.max")), Is.EqualTo("67108864"));
        Assert.That(File.ReadAllText(Path.Combine(own, "a1", "pids.max")), Is.EqualTo("30"));
        Assert.That(File.ReadAllText(Path.Combine(own, "a1", "cpu.max")), Is.EqualTo("50000 100000"));
    }

    [Test]
    public void On_cgroup_v2_a_worker_sharing_its_group_Should_move_into_a_leaf_and_hand_the_controllers_down()
    {
        var own = Unified("w", "cpu memory pids");
        File.WriteAllText(Path.Combine(own, "cgroup.procs"), "4242\n");

        AttemptCgroups.Start(new WorkerSettings { Name = "w1", WorkDir = scratch.Combine("work"), AttemptMaxProcesses = 30, AttemptCpus = 1 },
            scratch.Path, "0::/w\n");

        Assert.That(File.ReadAllText(Path.Combine(own, CgroupLayout.WorkerLeaf, "cgroup.procs")), Is.EqualTo(Environment.ProcessId.ToString()));
        Assert.That(File.ReadAllText(Path.Combine(own, "cgroup.subtree_control")), Is.EqualTo("+pids +cpu"));
    }

    [Test]
    public void Where_cgroups_cannot_be_used_Should_warn_loudly_and_limit_memory_per_process_instead()
    {
        Directory.CreateDirectory(scratch.Combine("root"));

        var cgroups = AttemptCgroups.Start(new WorkerSettings
        {
            Name = "w1",
            WorkDir = scratch.Combine("work"),
            AttemptMemoryBytes = 64L << 20,
            AttemptMaxProcesses = 30,
        }, scratch.Combine("root"), "4:memory:/\n");

        Assert.That(cgroups.IsActive, Is.False);
        Assert.That(cgroups.Warning, Does.StartWith("WARNING: per-attempt limits are set but cgroups cannot be used here")
            .And.Contain("NOT limited: the attempt's memory as a whole, the number of processes; memory is limited per process instead (RLIMIT_AS"));
        Assert.That(cgroups.Fallback?.MemoryBytes, Is.EqualTo(64L << 20));
        Assert.That(cgroups.Create(Guid.NewGuid(), 1), Is.Null);
    }

    [Test]
    public void Without_limits_Should_make_no_groups_and_say_nothing()
    {
        var cgroups = AttemptCgroups.Start(new WorkerSettings { Name = "w1", WorkDir = scratch.Combine("work") }, scratch.Path, "");

        Assert.That((cgroups.IsActive, cgroups.Warning, cgroups.Problem), Is.EqualTo((false, (string?)null, (string?)null)));
        Assert.That(cgroups.Fallback, Is.Null);
        Assert.That(cgroups.Create(Guid.NewGuid(), 1), Is.Null);
    }

    [Test]
    public void Group_names_Should_come_from_the_worker_and_its_work_directory_only()
    {
        var a = AttemptCgroups.Start(new WorkerSettings { Name = "w1", WorkDir = scratch.Combine("a") }, scratch.Path, "");
        var b = AttemptCgroups.Start(new WorkerSettings { Name = "w1", WorkDir = scratch.Combine("b") }, scratch.Path, "");

        Assert.That(a.Prefix, Does.Match("^stamina-w1-[0-9a-f]{8}-$"));
        Assert.That(a.Prefix, Is.Not.EqualTo(b.Prefix), "two workers of one name never sweep each other's groups");
    }
}
