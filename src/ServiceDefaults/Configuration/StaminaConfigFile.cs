namespace Stamina.ServiceDefaults.Configuration;

/// <summary>
/// Which <c>stamina.yml</c> to read: <c>--config PATH</c>, else <c>$STAMINA_CONFIG</c>, else <c>./stamina.yml</c>, else
/// <c>~/.stamina/stamina.yml</c>. A file named explicitly must exist; the default places may be empty.
/// </summary>
public sealed record StaminaConfigFile(string Path, bool IsExplicit)
{
    public const string FileName = "stamina.yml";
    public const string Variable = "STAMINA_CONFIG";

    /// <summary>The configuration key <c>--config PATH</c> lands on through the command-line provider.</summary>
    public const string SwitchKey = "config";

    /// <summary>Looks in the process's environment, working directory and home directory.</summary>
    public static StaminaConfigFile? Locate(string? explicitPath) =>
        Locate(explicitPath, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>Null when no file was named and none is in the default places; throws when a named file is missing.</summary>
    public static StaminaConfigFile? Locate(string? explicitPath, Func<string, string?> environment, string workingDirectory, string homeDirectory)
    {
        var named = NonEmpty(explicitPath) ?? NonEmpty(environment(Variable));
        if (named is not null)
        {
            var path = System.IO.Path.GetFullPath(ExpandHome(named, homeDirectory), workingDirectory);
            if (!File.Exists(path))
                throw new StaminaConfigException($"{path}: configuration file not found", path);
            return new StaminaConfigFile(path, IsExplicit: true);
        }
        foreach (var candidate in new[] { System.IO.Path.Combine(workingDirectory, FileName), System.IO.Path.Combine(homeDirectory, ".stamina", FileName) })
        {
            if (File.Exists(candidate))
                return new StaminaConfigFile(System.IO.Path.GetFullPath(candidate), IsExplicit: false);
        }
        return null;
    }

    /// <summary><c>~</c> and <c>~/…</c> mean the home directory, as in a shell (paths in YAML are not expanded by one).</summary>
    public static string ExpandHome(string path, string homeDirectory) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? homeDirectory + path[1..] : path;

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
