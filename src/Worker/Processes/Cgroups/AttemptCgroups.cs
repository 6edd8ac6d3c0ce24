using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Stamina.Worker.Processes.Sandbox;

namespace Stamina.Worker.Processes.Cgroups;

/// <summary>
/// Whether this worker limits its attempts with cgroups, decided once at start, and each attempt's group. Groups are
/// made only when a limit is set (<c>Stamina:Worker:AttemptMemoryBytes</c>, <c>AttemptMaxProcesses</c>, <c>AttemptCpus</c>),
/// under the worker's own cgroup, named from the worker's name and work directory and the attempt's ids, never from an
/// item's text. Never silently unlimited: <see cref="Warning"/> says so whenever a limit set cannot be kept.
/// </summary>
public sealed class AttemptCgroups
{
    static readonly string[] AllControllers = [CgroupLayout.Memory, CgroupLayout.Pids, CgroupLayout.Cpu, CgroupLayout.Freezer];

    readonly CgroupLayout? layout;
    readonly string root;
    readonly string selfCgroup;

    AttemptCgroups(AttemptLimits limits, CgroupLayout? layout, string? problem, string prefix, string root, string selfCgroup)
    {
        Limits = limits;
        this.layout = layout;
        Problem = problem;
        Prefix = prefix;
        this.root = root;
        this.selfCgroup = selfCgroup;
    }

    public AttemptLimits Limits { get; }

    /// <summary>Why cgroups cannot be used here (null when they can, or when no limit asks for them).</summary>
    public string? Problem { get; }

    /// <summary>Every group of this worker's attempts starts with it: <c>stamina-NAME-HASH-</c>, the hash of its work directory.</summary>
    public string Prefix { get; }

    /// <summary>True when every attempt's command runs in a cgroup of its own.</summary>
    public bool IsActive => layout is not null;

    /// <summary>A loud line for the log and the console when a limit set is not kept as asked; null when it is.</summary>
    public string? Warning
    {
        get
        {
            if (Problem is null)
                return null;
            var fallback = Limits.MemoryBytes is null ? "" : "; memory is limited per process instead (RLIMIT_AS, for sandboxed commands of the command harness only: agents are not limited)";
            return $"WARNING: per-attempt limits are set but cgroups cannot be used here: {Problem}. NOT limited: {Unkept}{fallback} (docs/security.md).";
        }
    }

    /// <summary>What stands in for the cgroup where there is none: the memory limit, per process (RLIMIT_AS).</summary>
    public ResourceLimits? Fallback => Problem is not null && Limits.MemoryBytes is { } memory ? new ResourceLimits { MemoryBytes = memory } : null;

    string Unkept => string.Join(", ", new[]
    {
        Limits.MemoryBytes is null ? null : "the attempt's memory as a whole",
        Limits.MaxProcesses is null ? null : "the number of processes",
        Limits.Cpus is null ? null : "CPU",
    }.OfType<string>());

    public static AttemptCgroups Start(WorkerSettings settings) =>
        Start(settings, CgroupLayout.DefaultRoot, File.Exists(CgroupLayout.SelfFile) ? File.ReadAllText(CgroupLayout.SelfFile) : "");

    /// <summary>Decides for <paramref name="settings"/> under the cgroup root <paramref name="root"/>, given the text of <c>/proc/self/cgroup</c>.</summary>
    public static AttemptCgroups Start(WorkerSettings settings, string root, string selfCgroup)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var limits = new AttemptLimits
        {
            MemoryBytes = settings.AttemptMemoryBytes,
            MaxProcesses = settings.AttemptMaxProcesses,
            Cpus = settings.AttemptCpus,
        };
        var prefix = PrefixFor(settings.Name, settings.ResolveWorkDir());
        if (limits.IsEmpty)
            return new AttemptCgroups(limits, null, null, prefix, root, selfCgroup);
        CgroupLayout? layout = null;
        var problem = OperatingSystem.IsLinux() ? CgroupLayout.Detect(root, selfCgroup, limits.Controllers, out layout) : "cgroups need Linux";
        if (layout is { Unified: true })
            problem = HandControllersDown(layout, limits.Controllers, root);
        layout = layout?.WithFreezer(root, selfCgroup);
        if (problem is null && layout is not null)
            problem = Trial(layout, prefix, limits);
        return new AttemptCgroups(limits, problem is null ? layout : null, problem, prefix, root, selfCgroup);
    }

    /// <summary>A new group for the attempt, with the limits written; null when cgroups are not used.</summary>
    /// <exception cref="IOException">The kernel refused it.</exception>
    public AttemptCgroup? Create(Guid workItemId, int attempt) =>
        layout is null ? null : AttemptCgroup.Create(layout, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{workItemId:N}-{attempt}"), Limits);

    /// <summary>
    /// Ends and removes the groups a killed predecessor on this work directory left (its lock proves it dead), in every
    /// hierarchy this worker can reach, whatever limits it had; the number removed.
    /// </summary>
    public async Task<int> SweepAsync()
    {
        var leftovers = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var controller in AllControllers)
        {
            if (CgroupLayout.Detect(root, selfCgroup, [controller], out var found) is not null || found is null)
                continue;
            foreach (var directory in Directory.EnumerateDirectories(found.Parents[controller], Prefix + "*"))
            {
                var name = Path.GetFileName(directory);
                if (!leftovers.TryGetValue(name, out var group))
                    leftovers[name] = group = new Dictionary<string, string>(StringComparer.Ordinal);
                group[controller] = directory;
            }
        }
        foreach (var group in leftovers.Values)
            await AttemptCgroup.Leftover(group).DisposeAsync();
        return leftovers.Values.Count(group => group.Values.All(directory => !Directory.Exists(directory)));
    }

    /// <summary>
    /// The worker's name as it is (it is already a safe file name) and a hash of its work directory: two workers of one name
    /// on one machine never sweep each other's groups.
    /// </summary>
    static string PrefixFor(string name, string workDir)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(workDir)))[..8];
        return $"stamina-{name}-{hash}-";
    }

    /// <summary>Makes and removes a group with the limits, once at start: a refused directory or limit shows here, not on the first item.</summary>
    static string? Trial(CgroupLayout layout, string prefix, AttemptLimits limits)
    {
        try
        {
            AttemptCgroup.Create(layout, prefix + "trial", limits).RemoveEmpty();
            return null;
        }
        catch (IOException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>
    /// In cgroup v2 a group hands controllers to its children only when it holds no process itself (the root excepted):
    /// the worker moves into a leaf of its own group (<see cref="CgroupLayout.WorkerLeaf"/>), then enables the controllers.
    /// </summary>
    static string? HandControllersDown(CgroupLayout layout, IReadOnlyList<string> controllers, string root)
    {
        var parent = layout.Parents[controllers[0]];
        var enabled = CgroupLayout.ReadWords(Path.Combine(parent, "cgroup.subtree_control"));
        var missing = controllers.Where(controller => !enabled.Contains(controller)).ToList();
        if (missing.Count == 0)
            return null;
        try
        {
            var isRoot = Path.TrimEndingDirectorySeparator(parent) == Path.TrimEndingDirectorySeparator(root);
            if (!isRoot && CgroupLayout.ReadWords(Path.Combine(parent, "cgroup.procs")).Count > 0)
            {
                var leaf = Directory.CreateDirectory(Path.Combine(parent, CgroupLayout.WorkerLeaf)).FullName;
                File.WriteAllText(Path.Combine(leaf, "cgroup.procs"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            }
            File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), string.Join(' ', missing.Select(controller => "+" + controller)));
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"cannot enable the {string.Join(", ", missing)} controllers for the children of {parent} " +
                   $"(do other processes share the worker's cgroup?): {exception.Message}";
        }
    }
}
