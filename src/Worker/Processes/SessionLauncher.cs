namespace Stamina.Worker.Processes;

/// <summary>
/// What starts a command in a session (and process group) of its own, in place (exec, no fork: the pid .NET holds
/// is the command's, and it leads the group the worker signals): util-linux <c>setsid</c> where it is on PATH (Linux),
/// otherwise perl's <c>POSIX::setsid</c> (macOS ships perl and no setsid). The only platform-specific part of a launch.
/// </summary>
/// <param name="Executable">The launcher's full path.</param>
/// <param name="Arguments">Its arguments before the command, ending with <c>--</c>.</param>
sealed record SessionLauncher(string Executable, IReadOnlyList<string> Arguments)
{
    /// <summary>setsid(2) cannot fail here (.NET's child is never a group leader); exec can, and says why.</summary>
    public const string PerlScript = "use POSIX (); POSIX::setsid() or die \"stamina: setsid: $!\\n\"; "
        + "exec { $ARGV[0] } @ARGV or die \"stamina: exec $ARGV[0]: $!\\n\";";

    static readonly Lazy<SessionLauncher?> Found = new(() => Find(Environment.GetEnvironmentVariable("PATH")));

    /// <summary>This machine's launcher; null when it has neither setsid nor perl.</summary>
    public static SessionLauncher? Current => Found.Value;

    public static SessionLauncher Setsid(string path) => new(path, ["--"]);

    public static SessionLauncher Perl(string path) => new(path, ["-e", PerlScript, "--"]);

    /// <summary>Looks along <paramref name="searchPath"/> (and the system directories) for setsid, then perl.</summary>
    public static SessionLauncher? Find(string? searchPath)
    {
        var directories = (searchPath ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/bin", "/bin", "/usr/local/bin"]);
        var candidates = directories.ToList();
        if (Lookup(candidates, "setsid") is { } setsid)
            return Setsid(setsid);
        return Lookup(candidates, "perl") is { } perl ? Perl(perl) : null;
    }

    static string? Lookup(IEnumerable<string> directories, string name) =>
        directories.Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(path => File.Exists(path) && NativeMethods.Access(path, NativeMethods.ExecuteAccess) == 0);
}
