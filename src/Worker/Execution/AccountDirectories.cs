namespace Stamina.Worker.Execution;

/// <summary>
/// Where each account keeps its agent logins: <c>Stamina:Accounts:&lt;account&gt;:&lt;harness&gt;</c> = a directory,
/// passed to the agent as <c>CLAUDE_CONFIG_DIR</c>, <c>CODEX_HOME</c> or Gemini's equivalent. One file can list
/// every account of a machine; each worker uses the one named by <c>--account</c>.
/// </summary>
public sealed class AccountDirectories(IConfiguration configuration)
{
    public const string Section = "Stamina:Accounts";

    public string? ConfigDir(string? account, string harness)
    {
        if (string.IsNullOrEmpty(account))
            return null;
        var directory = configuration[$"{Section}:{account}:{harness}"];
        if (string.IsNullOrWhiteSpace(directory))
            return null;
        if (directory == "~" || directory.StartsWith("~/", StringComparison.Ordinal))
            directory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + directory[1..];
        return Path.GetFullPath(directory);
    }
}
