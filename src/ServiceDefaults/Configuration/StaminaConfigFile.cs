namespace Stamina.ServiceDefaults.Configuration;

/// <summary>
/// Which <c>stamina.yml</c> to read. The services (<see cref="Locate(string?)"/>): <c>--config PATH</c>, else
/// <c>$STAMINA_CONFIG</c>, else <c>./stamina.yml</c>, else <c>~/.stamina/stamina.yml</c>. The <c>stamina</c> CLI
/// (<see cref="LocateForUser(string?, Func{string, string?}, string, string)"/>) never looks in the working directory:
/// a checkout someone else wrote could otherwise point it at their own server and receive the user's API key.
/// A file named explicitly must exist; the default places may be empty.
/// </summary>
public sealed record StaminaConfigFile(string Path, bool IsExplicit)
{
    public const string FileName = "stamina.yml";
    public const string Variable = "STAMINA_CONFIG";

    /// <summary>The configuration key <c>--config PATH</c> lands on through the command-line provider.</summary>
    public const string SwitchKey = "config";

    /// <summary>Looks in the process's environment, working directory and home directory (the services).</summary>
    public static StaminaConfigFile? Locate(string? explicitPath) =>
        Locate(explicitPath, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), UserHome());

    /// <summary>The CLI's search in the process's own environment and home directory; see <see cref="LocateForUser(string?, Func{string, string?}, string, string)"/>.</summary>
    public static StaminaConfigFile? LocateForUser(string? explicitPath) =>
        LocateForUser(explicitPath, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), UserHome());

    /// <summary>Null when no file was named and none is in the default places; throws when a named file is missing.</summary>
    public static StaminaConfigFile? Locate(string? explicitPath, Func<string, string?> environment, string workingDirectory, string homeDirectory) =>
        Named(explicitPath, environment, workingDirectory, homeDirectory)
        ?? FirstExisting(System.IO.Path.Combine(workingDirectory, FileName), LegacyUserFile(homeDirectory));

    /// <summary>
    /// The user's own files only: <c>--config PATH</c> (relative to the working directory: the user typed it), else
    /// <c>$STAMINA_CONFIG</c>, else <c>$XDG_CONFIG_HOME/stamina/stamina.yml</c> (<c>~/.config/stamina/stamina.yml</c>),
    /// else <c>~/.stamina/stamina.yml</c>. Never <c>./stamina.yml</c>.
    /// </summary>
    public static StaminaConfigFile? LocateForUser(string? explicitPath, Func<string, string?> environment, string workingDirectory, string homeDirectory) =>
        Named(explicitPath, environment, workingDirectory, homeDirectory)
        ?? FirstExisting(UserFile(environment, homeDirectory), LegacyUserFile(homeDirectory));

    /// <summary>The user's configuration file under the XDG configuration directory, whether or not it exists.</summary>
    public static string UserFile(Func<string, string?> environment, string homeDirectory)
    {
        // XDG: a relative $XDG_CONFIG_HOME is invalid and ignored.
        var configHome = NonEmpty(environment("XDG_CONFIG_HOME")) is { } xdg && System.IO.Path.IsPathRooted(xdg)
            ? xdg
            : System.IO.Path.Combine(homeDirectory, ".config");
        return System.IO.Path.Combine(configHome, "stamina", FileName);
    }

    /// <summary><c>~</c> and <c>~/…</c> mean the home directory, as in a shell (paths in YAML are not expanded by one).</summary>
    public static string ExpandHome(string path, string homeDirectory) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? homeDirectory + path[1..] : path;

    static StaminaConfigFile? Named(string? explicitPath, Func<string, string?> environment, string workingDirectory, string homeDirectory)
    {
        var named = NonEmpty(explicitPath) ?? NonEmpty(environment(Variable));
        if (named is null)
            return null;
        var path = System.IO.Path.GetFullPath(ExpandHome(named, homeDirectory), workingDirectory);
        if (!File.Exists(path))
            throw new StaminaConfigException($"{path}: configuration file not found", path);
        return new StaminaConfigFile(path, IsExplicit: true);
    }

    static StaminaConfigFile? FirstExisting(params string[] candidates) =>
        candidates.Where(File.Exists).Select(c => new StaminaConfigFile(System.IO.Path.GetFullPath(c), IsExplicit: false)).FirstOrDefault();

    static string LegacyUserFile(string homeDirectory) => System.IO.Path.Combine(homeDirectory, ".stamina", FileName);

    static string UserHome() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
