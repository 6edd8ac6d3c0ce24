namespace Stamina.Worker.Processes;

/// <summary>
/// Finds the file execvp would run, so a missing or non-executable command fails before anything starts
/// with an error naming it (after setsid it would only be an exit code 127 that the command itself could
/// also return).
/// </summary>
static class ExecutableResolver
{
    const string DefaultSearchPath = "/usr/local/bin:/usr/bin:/bin";

    public static string Resolve(string executable, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        if (string.IsNullOrEmpty(executable))
            throw new ExecutableNotFoundException(executable, "the command is empty");
        if (executable.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(executable, workingDirectory);
            return IsExecutableFile(path) ? path : throw new ExecutableNotFoundException(executable, Explain(path));
        }

        foreach (var directory in SearchPath(environment).Split(':'))
        {
            // An empty PATH entry means the current directory, as for execvp.
            var candidate = Path.GetFullPath(Path.Combine(directory.Length == 0 ? "." : directory, executable), workingDirectory);
            if (IsExecutableFile(candidate))
                return candidate;
        }
        throw new ExecutableNotFoundException(executable, "not found on PATH");
    }

    static string SearchPath(IReadOnlyDictionary<string, string?> environment) =>
        environment.TryGetValue("PATH", out var overridden)
            ? overridden ?? DefaultSearchPath
            : System.Environment.GetEnvironmentVariable("PATH") ?? DefaultSearchPath;

    static bool IsExecutableFile(string path) =>
        File.Exists(path) && NativeMethods.Access(path, NativeMethods.ExecuteAccess) == 0;

    static string Explain(string path) =>
        Directory.Exists(path) ? "it is a directory"
        : File.Exists(path) ? "the file is not executable"
        : "no such file";
}
