using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Stamina.ServiceDefaults.Hosting;

namespace Stamina.Worker.Fleet;

/// <summary>
/// Chooses the worker's name and work directory and takes the directory's lock, so that one process at a
/// time works in a directory and a restart finds what its killed predecessor left there (orphaned agents,
/// worktrees). Names, when not given:
/// <list type="bullet">
/// <item>no <c>--work-dir</c> either: <c>&lt;machine&gt;-&lt;account or default&gt;</c>, or the same with
/// <c>-2</c>, <c>-3</c>… while a live process on this machine holds that name's directory
/// (<c>~/.stamina/workers/&lt;name&gt;</c>); a restart takes the first free one, its predecessor's;</item>
/// <item>with <c>--work-dir</c>: <c>&lt;machine&gt;-&lt;account or default&gt;-&lt;8 hex of the directory's path&gt;</c>,
/// the same for every run on that directory.</item>
/// </list>
/// A host rebuilt in the same process (<see cref="RestartableHost"/>) gets the place it already holds.
/// </summary>
public static partial class WorkerPlaces
{
    /// <summary>How many default names a machine tries before it refuses.</summary>
    public const int MaxDefaultIndex = 32;

    static readonly Lock Gate = new();
    static WorkerPlace? held;

    /// <exception cref="StartRefusedException">The name's or the given directory is held by another live process.</exception>
    public static WorkerPlace Take(WorkerSettings settings)
    {
        lock (Gate)
        {
            if (held is not null && Matches(held, settings))
                return held;
            held?.Lock.Dispose();
            held = null;
            held = Choose(settings);
            return held;
        }
    }

    static bool Matches(WorkerPlace place, WorkerSettings settings) =>
        (settings.Name.Length == 0 || settings.Name == place.Name)
        && (string.IsNullOrWhiteSpace(settings.WorkDir) || Path.GetFullPath(settings.WorkDir) == place.WorkDir);

    static WorkerPlace Choose(WorkerSettings settings)
    {
        var baseName = DefaultBaseName(settings.Account);
        if (settings.Name.Length > 0 || !string.IsNullOrWhiteSpace(settings.WorkDir))
        {
            var workDir = string.IsNullOrWhiteSpace(settings.WorkDir) ? DefaultWorkDir(settings.Name) : Path.GetFullPath(settings.WorkDir);
            var name = settings.Name.Length > 0 ? settings.Name : Fit($"{baseName}-{PathTag(workDir)}");
            return new WorkerPlace(name, workDir, LockOrRefuse(name, workDir));
        }
        for (var index = 1; index <= MaxDefaultIndex; index++)
        {
            var name = index == 1 ? baseName : Fit($"{baseName}-{index}");
            var workDir = DefaultWorkDir(name);
            if (DirectoryLock.TryAcquire(workDir, out _) is { } taken)
                return new WorkerPlace(name, workDir, taken);
        }
        throw new StartRefusedException(
            $"Worker names {baseName} to {baseName}-{MaxDefaultIndex} are all in use on this machine; give this worker a --name.");
    }

    static DirectoryLock LockOrRefuse(string name, string workDir) =>
        DirectoryLock.TryAcquire(workDir, out var holder)
        ?? throw new StartRefusedException(
            $"Worker '{name}' cannot start: its work directory {workDir} is in use by another live worker process"
            + (holder is null ? "" : $" (pid {holder})") + "; give this worker another --name or --work-dir, or stop the other one.");

    public static string DefaultWorkDir(string name) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".stamina", "workers", name);

    /// <summary><c>&lt;machine&gt;-&lt;account or default&gt;</c>, with characters a name may not hold replaced by '-'.</summary>
    public static string DefaultBaseName(string? account)
    {
        var raw = $"{Environment.MachineName}-{(string.IsNullOrWhiteSpace(account) ? "default" : account)}";
        var clean = NotNameCharacter().Replace(raw, "-").TrimStart('-', '.', '_');
        return Fit(clean.Length == 0 ? "worker" : clean);
    }

    static string PathTag(string workDir) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(workDir)))[..8];

    /// <summary>Names have at most 100 characters; the end (index, tag) is the part that tells them apart.</summary>
    static string Fit(string name) => name.Length <= 100 ? name : name[^100..].TrimStart('-', '.', '_');

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex NotNameCharacter();
}
