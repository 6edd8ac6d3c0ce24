namespace Stamina.Worker.Processes.Cgroups;

/// <summary>
/// Where this worker may make its attempts' cgroups: under its own group, in cgroup v2 when the cgroup root is a cgroup2
/// mount, else in the cgroup v1 hierarchy of each controller. Found from the mounts and from <c>/proc/self/cgroup</c>,
/// which names this process's own group in each hierarchy.
/// </summary>
public sealed record CgroupLayout
{
    public const string Memory = "memory";
    public const string Pids = "pids";
    public const string Cpu = "cpu";

    /// <summary>cgroup v1's freezer, used where present to hold an attempt whole (v2 has <c>cgroup.freeze</c> in every group).</summary>
    public const string Freezer = "freezer";
    public const string DefaultRoot = "/sys/fs/cgroup";
    public const string SelfFile = "/proc/self/cgroup";

    /// <summary>The leaf a v2 worker moves itself into, so that its own group may hand controllers to its children.</summary>
    public const string WorkerLeaf = "stamina-worker";

    /// <summary>True: cgroup v2, one group holds every controller; false: cgroup v1, one group per controller's hierarchy.</summary>
    public required bool Unified { get; init; }

    /// <summary>The directory attempts' groups are made in, per controller (in v2 the same one for all).</summary>
    public required IReadOnlyDictionary<string, string> Parents { get; init; }

    /// <summary>This layout with cgroup v1's freezer hierarchy too, where this worker can use it (unchanged otherwise).</summary>
    public CgroupLayout WithFreezer(string root, string selfCgroup) =>
        Unified || Detect(root, selfCgroup, [Freezer], out var freezer) is not null || freezer is null
            ? this
            : this with { Parents = new Dictionary<string, string>(Parents) { [Freezer] = freezer.Parents[Freezer] } };

    /// <summary>The directories an attempt's group is made in, one per hierarchy (v2: one).</summary>
    public IReadOnlyList<string> ParentsOf(IEnumerable<string> controllers) =>
        [.. controllers.Select(controller => Parents[controller]).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The layout for <paramref name="controllers"/> under <paramref name="root"/>, given the text of
    /// <c>/proc/self/cgroup</c>; null with the reason, in one line, when they cannot be used here.
    /// </summary>
    public static string? Detect(string root, string selfCgroup, IReadOnlyList<string> controllers, out CgroupLayout? layout)
    {
        layout = null;
        var lines = selfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(':', 3)).Where(fields => fields.Length == 3).ToList();
        if (File.Exists(Path.Combine(root, "cgroup.controllers")))
            return DetectUnified(root, lines, controllers, out layout);
        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var controller in controllers)
        {
            var line = lines.FirstOrDefault(fields => fields[0] != "0" && fields[1].Split(',').Contains(controller));
            if (line is null)
                return $"no cgroup v1 hierarchy has the {controller} controller and {root} is not a cgroup2 mount";
            var mount = new[] { Path.Combine(root, controller), Path.Combine(root, line[1]) }.FirstOrDefault(Directory.Exists);
            if (mount is null || !File.Exists(Path.Combine(mount, "cgroup.procs")))
                return $"the {controller} controller's hierarchy is not mounted at {Path.Combine(root, controller)}";
            if (Usable(Path.Join(mount, line[2])) is { } problem)
                return problem;
            parents[controller] = Path.TrimEndingDirectorySeparator(Path.Join(mount, line[2]));
        }
        layout = new CgroupLayout { Unified = false, Parents = parents };
        return null;
    }

    static string? DetectUnified(string root, List<string[]> lines, IReadOnlyList<string> controllers, out CgroupLayout? layout)
    {
        layout = null;
        var own = lines.FirstOrDefault(fields => fields[0] == "0" && fields[1] == "");
        if (own is null)
            return $"{root} is a cgroup2 mount, but this process's cgroup v2 group is not listed in {SelfFile}";
        var path = own[2];
        // A worker restarted in the leaf its predecessor moved into makes its groups beside it, as the predecessor did.
        if (Path.GetFileName(path) == WorkerLeaf)
            path = Path.GetDirectoryName(path) ?? "/";
        var parent = Path.TrimEndingDirectorySeparator(Path.Join(root, path));
        if (Usable(parent) is { } problem)
            return problem;
        var available = ReadWords(Path.Combine(parent, "cgroup.controllers"));
        foreach (var controller in controllers.Where(controller => !available.Contains(controller)))
            return $"the cgroup v2 {controller} controller is not available to {parent} (its parent's cgroup.subtree_control lacks it)";
        layout = new CgroupLayout { Unified = true, Parents = controllers.ToDictionary(controller => controller, _ => parent, StringComparer.Ordinal) };
        return null;
    }

    static string? Usable(string directory)
    {
        if (!Directory.Exists(directory))
            return $"this process's own cgroup {directory} is not there (a cgroup namespace, or another mount?)";
        if (NativeMethods.Access(directory, NativeMethods.WriteAccess) != 0)
            return $"{directory} is not writable by this worker (not root, a read-only cgroupfs, or not delegated)";
        return null;
    }

    internal static HashSet<string> ReadWords(string file) =>
        File.Exists(file) ? [.. File.ReadAllText(file).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)] : [];
}
