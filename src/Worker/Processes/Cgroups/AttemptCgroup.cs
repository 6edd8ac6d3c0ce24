using System.Globalization;

namespace Stamina.Worker.Processes.Cgroups;

/// <summary>
/// One attempt's cgroup (in v1 one group per controller's hierarchy, all of the same name). The command's first
/// process joins it before it execs anything (<see cref="JoinScript"/>), so everything the command starts is inside,
/// whatever session or process group it makes for itself. At the end every process left in it is killed, then it is
/// removed.
/// </summary>
public sealed class AttemptCgroup : IAsyncDisposable
{
    /// <summary>Every period of CPU time (100 ms) the command may use its cores' worth of it.</summary>
    const long CpuPeriodMicroseconds = 100_000;

    static readonly TimeSpan EndLimit = TimeSpan.FromSeconds(10);

    readonly bool unified;
    readonly AttemptLimits limits;
    readonly IReadOnlyDictionary<string, string> groups;

    AttemptCgroup(bool unified, AttemptLimits limits, IReadOnlyDictionary<string, string> groups)
    {
        this.unified = unified;
        this.limits = limits;
        this.groups = groups;
        Directories = [.. groups.Values.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Run as <c>bash -c JoinScript stamina-cgroup PROCS… -- command…</c>: writes its own pid into each group's
    /// <c>cgroup.procs</c>, then execs the command, which keeps the pid. A group it cannot join stops it before the
    /// command ran at all (exit 125), never leaving the command unlimited.
    /// </summary>
    public const string JoinScript = """
        while [ "$1" != -- ]; do
          echo $$ > "$1" || { echo "stamina: cannot join the attempt's cgroup $1" >&2; exit 125; }
          shift
        done
        shift
        exec "$@"
        """;

    /// <summary>The group's directories, one per hierarchy.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>The files the command's first process writes its pid into.</summary>
    public IReadOnlyList<string> ProcessFiles => [.. Directories.Select(directory => Path.Combine(directory, "cgroup.procs"))];

    /// <summary>Makes the group <paramref name="name"/> under <paramref name="layout"/>'s parents and writes its limits.</summary>
    /// <exception cref="IOException">The kernel refused a directory or a limit (what it said, and where).</exception>
    public static AttemptCgroup Create(CgroupLayout layout, string name, AttemptLimits limits)
    {
        var controllers = layout.Parents.ContainsKey(CgroupLayout.Freezer) ? limits.Controllers.Append(CgroupLayout.Freezer) : limits.Controllers;
        var groups = controllers.ToDictionary(controller => controller, controller => Path.Combine(layout.Parents[controller], name), StringComparer.Ordinal);
        var group = new AttemptCgroup(layout.Unified, limits, groups);
        try
        {
            foreach (var directory in group.Directories)
                Directory.CreateDirectory(directory);
            group.WriteLimits();
            return group;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            group.Remove();
            throw new IOException($"cannot make the attempt's cgroup {name}: {exception.Message}", exception);
        }
    }

    /// <summary>Wraps a group a killed worker left, to end and remove it.</summary>
    /// <param name="groups">Its directory in each controller's hierarchy, by controller.</param>
    internal static AttemptCgroup Leftover(IReadOnlyDictionary<string, string> groups) => new(false, new AttemptLimits(), groups);

    void WriteLimits()
    {
        if (limits.MemoryBytes is { } memory)
        {
            var text = memory.ToString(CultureInfo.InvariantCulture);
            var directory = groups[CgroupLayout.Memory];
            if (unified)
            {
                CgroupFiles.Write(directory, "memory.max", text);
                CgroupFiles.WriteIfPresent(directory, "memory.swap.max", "0"); // the limit is the limit: no spilling into swap
            }
            else
            {
                CgroupFiles.Write(directory, "memory.limit_in_bytes", text);
                CgroupFiles.WriteIfPresent(directory, "memory.memsw.limit_in_bytes", text); // memory plus swap, where swap is accounted
            }
        }
        if (limits.MaxProcesses is { } processes)
            CgroupFiles.Write(groups[CgroupLayout.Pids], "pids.max", processes.ToString(CultureInfo.InvariantCulture));
        if (limits.Cpus is { } cpus)
        {
            var quota = Math.Max(1000, (long)Math.Round(cpus * CpuPeriodMicroseconds)).ToString(CultureInfo.InvariantCulture);
            var directory = groups[CgroupLayout.Cpu];
            if (unified)
            {
                CgroupFiles.Write(directory, "cpu.max", $"{quota} {CpuPeriodMicroseconds}");
            }
            else
            {
                CgroupFiles.Write(directory, "cpu.cfs_period_us", CpuPeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
                CgroupFiles.Write(directory, "cpu.cfs_quota_us", quota);
            }
        }
    }

    /// <summary>The limit that ended a process of the command, if one did: the OOM killer, or a fork refused at the process limit.</summary>
    public CgroupBreach? Breach()
    {
        // The kernel counts an OOM kill in the victim's group whichever limit ran out (the machine's, a container's): it is
        // the attempt's own only when the attempt's limit was reached too.
        var memoryGroup = limits.MemoryBytes is null ? null : groups[CgroupLayout.Memory];
        if (limits.MemoryBytes is { } memory
            && CgroupFiles.Counter(memoryGroup!, unified ? "memory.events" : "memory.oom_control", "oom_kill") > 0
            && (unified
                ? CgroupFiles.Counter(memoryGroup!, "memory.events", "max") > 0
                // v1 with a memsw limit counts no failures; the peak reaching the group's limit (as the kernel rounded it) does.
                : CgroupFiles.Number(memoryGroup!, "memory.max_usage_in_bytes") >= CgroupFiles.Number(memoryGroup!, "memory.limit_in_bytes")))
        {
            return new CgroupBreach("memory",
                $"killed by its memory limit: the kernel's OOM killer ended a process of the command, over the attempt's {memory} bytes (Stamina:Worker:AttemptMemoryBytes)");
        }
        if (limits.MaxProcesses is { } processes && CgroupFiles.Counter(groups[CgroupLayout.Pids], "pids.events", "max") > 0)
        {
            return new CgroupBreach("processes",
                $"hit its process limit: the command tried to run more than {processes} processes at once (Stamina:Worker:AttemptMaxProcesses)");
        }
        return null;
    }

    /// <summary>The live processes in the group, the command's escapees included.</summary>
    public IReadOnlyList<int> Members()
    {
        var members = new HashSet<int>();
        foreach (var file in ProcessFiles)
        {
            try
            {
                foreach (var line in File.ReadAllLines(file))
                {
                    if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                        members.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone already.
            }
        }
        return [.. members];
    }

    /// <summary>SIGKILL to every process in the group, once; what forks meanwhile is caught by the next call.</summary>
    public void Signal()
    {
        foreach (var pid in Members())
        {
            if (pid > 1)
                NativeMethods.Kill(pid, NativeMethods.SigKill);
        }
    }

    /// <summary>True when <see cref="Hold"/> holds every process of the group (cgroup v2, or v1 with its freezer).</summary>
    public bool CanHold => unified || groups.ContainsKey(CgroupLayout.Freezer);

    /// <summary>
    /// Freezes (or thaws) every process of the group, those that left the command's process group too; a frozen process
    /// keeps its memory and its place but does nothing. Does nothing where <see cref="CanHold"/> is false.
    /// </summary>
    public void Hold(bool stop)
    {
        if (unified)
            CgroupFiles.WriteIfPresent(Directories[0], "cgroup.freeze", stop ? "1" : "0");
        else if (groups.TryGetValue(CgroupLayout.Freezer, out var freezer))
            CgroupFiles.WriteIfPresent(freezer, "freezer.state", stop ? "FROZEN" : "THAWED");
    }

    /// <summary>True once every process of the group is frozen (not merely freezing).</summary>
    public bool IsFrozen => unified
        ? CgroupFiles.Counter(Directories[0], "cgroup.events", "frozen") == 1
        : groups.TryGetValue(CgroupLayout.Freezer, out var freezer) && CgroupFiles.ReadState(freezer) == "FROZEN";

    /// <summary>Kills every process in the group until none is left (or the limit passes); true when it is empty.</summary>
    public async Task<bool> EndAsync()
    {
        var deadline = DateTime.UtcNow + EndLimit;
        while (true)
        {
            // cgroup.kill (v2, Linux 5.14) kills the lot at once, forks in flight included.
            foreach (var directory in Directories.Where(_ => unified))
                CgroupFiles.WriteIfPresent(directory, "cgroup.kill", "1");
            // v1: frozen, nothing forks while each pid is signalled; thawed, the signals land (a frozen task dies only once thawed).
            if (!unified)
                Hold(stop: true);
            Signal();
            if (!unified)
                Hold(stop: false);
            if (Members().Count == 0)
                return true;
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(10);
        }
    }

    /// <summary>Ends every process left, then removes the group (retrying while the last ones are still being reaped).</summary>
    public async ValueTask DisposeAsync()
    {
        await EndAsync();
        var deadline = DateTime.UtcNow + EndLimit;
        while (!Remove() && DateTime.UtcNow < deadline)
            await Task.Delay(20);
    }

    /// <summary>Removes a group no process ever joined (a trial at start).</summary>
    internal void RemoveEmpty()
    {
        if (!Remove())
            throw new IOException($"cannot remove the cgroup {Directories[0]}");
    }

    /// <summary>Removes every directory of the group that is empty; true when none is left.</summary>
    bool Remove()
    {
        var removed = true;
        foreach (var directory in Directories)
        {
            try
            {
                if (Directory.Exists(directory))
                    Directory.Delete(directory); // rmdir: a cgroup's files are the kernel's, never deleted one by one
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                removed = false;
            }
        }
        return removed;
    }
}
