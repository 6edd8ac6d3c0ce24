using System.Globalization;
using Stamina.Worker.Processes.Sandbox.Network;

namespace Stamina.Worker.Processes.Sandbox;

/// <summary>
/// The bubblewrap arguments that run a command in its <see cref="CommandSandbox"/>. The root is built from an
/// allow-list (the system's programs, libraries and <c>/etc</c> read-only, minus its secrets), never from the
/// worker's view with holes punched in it: a file the worker keeps anywhere else (its settings, its environment
/// file, other worktrees, the mirror's configuration) is simply not there. New PID, network, IPC and UTS
/// namespaces: a fresh <c>/proc</c> shows only the command's own processes, and when the command ends the
/// namespace's first process goes and the kernel kills every process left in it, those that left the process
/// group with their own setsid too. Bubblewrap keeps the process group, so the leash's stop, continue and kill
/// of the group reach every process inside.
/// </summary>
static class BubblewrapCommand
{
    public const string DefaultProgram = "/usr/bin/bwrap";
    const string Prlimit = "/usr/bin/prlimit";

    /// <summary>The home directory inside: empty, and gone with the command.</summary>
    public const string Home = "/tmp/home";

    /// <summary>Read-only from the machine, where they exist: programs, libraries, certificates, the system's configuration.</summary>
    static readonly string[] SystemPaths = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt", "/nix"];

    /// <summary>Secrets a root-owned command could otherwise read under <c>/etc</c>, and git's system configuration: hidden behind empty ones.</summary>
    static readonly string[] HiddenSystemDirectories = ["/etc/ssh", "/etc/ssl/private", "/etc/stamina", "/etc/rabbitmq", "/etc/postgresql", "/etc/sudoers.d"];
    static readonly string[] HiddenSystemFiles = [
        "/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-", "/etc/sudoers",
        "/etc/gitconfig", // the worker's git may take credentials (helpers, tokens) from it: the command pushes nothing
    ];

    /// <summary>The argv to run <paramref name="executable"/> (resolved, then its arguments) inside <paramref name="sandbox"/>.</summary>
    public static List<string> Wrap(CommandSandbox sandbox, string executable, IEnumerable<string> arguments)
    {
        var argv = new List<string>();
        if (sandbox.Limits is { IsEmpty: false } limits)
        {
            argv.Add(Prlimit);
            if (limits.MemoryBytes is { } memory)
                argv.Add("--as=" + memory.ToString(CultureInfo.InvariantCulture));
            if (limits.CpuSeconds is { } cpu)
                argv.Add("--cpu=" + cpu.ToString(CultureInfo.InvariantCulture));
            if (limits.OpenFiles is { } files)
                argv.Add("--nofile=" + files.ToString(CultureInfo.InvariantCulture));
            argv.Add("--");
        }
        argv.AddRange([sandbox.Bubblewrap, "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]);
        if (!sandbox.HostNetwork)
            argv.Add("--unshare-net");
        foreach (var path in SystemPaths)
            AddSystemPath(argv, path);
        foreach (var directory in HiddenSystemDirectories.Where(Directory.Exists))
            argv.AddRange(["--tmpfs", directory]);
        foreach (var file in HiddenSystemFiles.Where(File.Exists))
            argv.AddRange(["--ro-bind", sandbox.EmptyFile, file]);
        argv.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/run", "--dir", Home]);

        var worktree = Path.GetFullPath(sandbox.Worktree);
        var readable = sandbox.ReadOnlyPaths.ToList();
        // A program of the worktree's own (./run.sh) is reached through the worktree, and a link of the repository's
        // must never make the sandbox show what it points at outside.
        var ownProgram = IsWithin(Path.GetFullPath(executable, worktree), worktree);
        if (!ownProgram)
            readable.AddRange(ProgramPaths(executable).Where(path => !IsWithin(worktree, path)));
        foreach (var path in readable.Where(Exists).Distinct(StringComparer.Ordinal))
            argv.AddRange(["--ro-bind", path, path]);
        if (!ownProgram)
            AddProgramLink(argv, executable, readable);
        foreach (var path in sandbox.WritablePaths.Where(Exists).Distinct(StringComparer.Ordinal))
            argv.AddRange(["--bind", path, path]);
        AddWorktree(argv, worktree);
        // The socket alone, not its directory: the command can connect to the proxy and sees nothing else of the worker's.
        if (sandbox.ProxySocket is { } socket)
            argv.AddRange(["--bind", socket, ProxyBridge.SocketInside]);
        argv.AddRange(["--chdir", worktree, "--"]);
        if (sandbox.ProxySocket is not null)
            argv.AddRange(["/bin/sh", "-c", ProxyBridge.Script, "stamina-bridge"]);
        argv.Add(executable);
        argv.AddRange(arguments);
        return argv;
    }

    /// <summary>
    /// The command's environment, which is also bubblewrap's (its first process inside shows it in
    /// <c>/proc/1/environ</c>): the named variables of the worker's environment, then the command's own.
    /// </summary>
    public static Dictionary<string, string> Environment(CommandSandbox sandbox, IReadOnlyDictionary<string, string?> commandVariables)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in sandbox.PassedVariables)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
                environment[name] = value;
        }
        environment["HOME"] = Home;
        environment["TMPDIR"] = "/tmp";
        if (sandbox.ProxySocket is not null)
        {
            foreach (var (name, value) in ProxyBridge.Variables())
                environment[name] = value;
        }
        foreach (var (name, value) in commandVariables)
        {
            if (value is null)
                environment.Remove(name);
            else
                environment[name] = value;
        }
        return environment;
    }

    /// <summary>
    /// The worktree writable; of the mirror, what a commit writes (objects, refs, reflogs, the worktree's own
    /// directory) writable and the rest read-only: its <c>config</c>, hooks and <c>info</c> steer the worker's own
    /// git commands. The files that say where the git directories are stay read-only too, so the command cannot
    /// point the worker's next <c>git commit</c> in this worktree at a repository (and a configuration) of its own.
    /// </summary>
    static void AddWorktree(List<string> argv, string worktree)
    {
        argv.AddRange(["--bind", worktree, worktree]);
        if (WorktreeGitDirectories.Find(worktree) is not { } git)
            return;
        argv.AddRange(["--ro-bind", git.Common, git.Common]);
        foreach (var name in new[] { "objects", "refs", "logs" })
        {
            var path = Path.Combine(git.Common, name);
            Directory.CreateDirectory(path); // a first reflog would otherwise need a new directory in the read-only mirror
            argv.AddRange(["--bind", path, path]);
        }
        argv.AddRange(["--bind", git.Own, git.Own]);
        foreach (var pointer in new[] { Path.Combine(worktree, ".git"), Path.Combine(git.Own, "commondir"), Path.Combine(git.Own, "gitdir") })
        {
            if (File.Exists(pointer))
                argv.AddRange(["--ro-bind", pointer, pointer]);
        }
    }

    static void AddSystemPath(List<string> argv, string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
            argv.AddRange(["--symlink", target, path]);
        else if (Directory.Exists(path))
            argv.AddRange(["--ro-bind", path, path]);
    }

    /// <summary>Makes (or finds) the empty file shown in place of hidden ones, in a directory of the worker's.</summary>
    public static string CreateEmptyFile(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "empty");
        File.WriteAllBytes(path, []);
        return path;
    }

    /// <summary>
    /// What a program installed outside the system's directories needs to run: the directory of its real file, and when
    /// that file is an npm package's (an agent CLI installed by npm under the user's home), the whole outermost
    /// <c>node_modules</c>, where the packages it loads sit beside it (and its <c>.bin</c> link). Nothing else of the
    /// directories around it: those may hold the user's files.
    /// </summary>
    static IEnumerable<string> ProgramPaths(string executable)
    {
        var real = RealPath(executable);
        if (Path.GetDirectoryName(real) is { } directory)
            yield return directory;
        if (OutermostNodeModules(real) is { } packages)
            yield return packages;
    }

    /// <summary>
    /// A program started by a link outside what is visible (<c>~/.local/bin/claude</c> → its installed version): the
    /// same link inside, so the command line the worker built still names it.
    /// </summary>
    static void AddProgramLink(List<string> argv, string executable, IReadOnlyList<string> readable)
    {
        var real = RealPath(executable);
        if (real == executable || !Path.IsPathRooted(executable) || Path.GetDirectoryName(executable) is not { } parent)
            return;
        if (SystemPaths.Concat(readable).Any(visible => IsWithin(parent, visible)))
            return;
        argv.AddRange(["--dir", parent, "--symlink", real, executable]);
    }

    static string RealPath(string executable) => new FileInfo(executable).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? executable;

    static string? OutermostNodeModules(string path)
    {
        var marker = Path.DirectorySeparatorChar + "node_modules" + Path.DirectorySeparatorChar;
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : path[..(at + marker.Length - 1)];
    }

    /// <summary>
    /// True when <paramref name="path"/> is <paramref name="directory"/> or inside it. A program kept in (or above) the
    /// worktree is reached through the worktree; binding its directory would show the worktree's neighbours.
    /// </summary>
    static bool IsWithin(string path, string directory) =>
        path == directory || path.StartsWith(Path.TrimEndingDirectorySeparator(directory) + "/", StringComparison.Ordinal);

    static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
