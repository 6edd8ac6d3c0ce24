namespace Stamina.Local;

/// <summary>How to run the whole fleet in one process (<c>stamina local</c>).</summary>
public sealed record LocalOptions
{
    public const int DefaultPort = 5080;

    /// <summary>Workers in the process, named <c>local-1</c> … <c>local-N</c>.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Accounts given to the workers round-robin; empty leaves every worker without an account.</summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];

    /// <summary>The database, the API key and the workers' directories; null is <c>~/.stamina</c>.</summary>
    public string? DataDir { get; init; }

    /// <summary>The HTTP API listens on 127.0.0.1 at this port; 0 picks a free one (see <see cref="LocalFleet.Url"/>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The stamina.yml to read (null: the user's own, never the working directory's; see docs/cli.md).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Configuration over everything else, e.g. <c>Stamina:Harnesses:claude:Executable</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Off for a host that draws its own screen (a demo): then nothing is logged to the console.</summary>
    public bool ConsoleLogging { get; init; } = true;

    public string ResolveDataDir() => string.IsNullOrWhiteSpace(DataDir) ? DefaultDataDir() : Path.GetFullPath(ExpandHome(DataDir));

    public static string DefaultDataDir() => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".stamina");

    /// <summary>The account of worker <paramref name="index"/> (0-based): round-robin over <see cref="Accounts"/>.</summary>
    public string? AccountOf(int index) => Accounts.Count == 0 ? null : Accounts[index % Accounts.Count];

    public static string WorkerName(int index) => $"local-{index + 1}";

    static string ExpandHome(string path) => path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
        ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
        : path;
}
