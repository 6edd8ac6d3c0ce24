using System.Text.RegularExpressions;

namespace Stamina.Cli.Broker;

/// <summary>A worker as <c>--worker NAME:POOL</c> names it, checked by the rules the worker itself applies to its settings.</summary>
sealed partial record WorkerAccount(string Name, string Pool)
{
    public const string UserPrefix = "stamina-worker-";

    public string User => UserPrefix + Name;

    public static WorkerAccount Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw new CliException(ExitCodes.Usage, $"--worker must be NAME:POOL (e.g. worker-1:default), not '{text}'");
        var (name, pool) = (text[..colon], text[(colon + 1)..]);
        // The same patterns as WorkerSettings.Name and WorkerSettings.Pool: a user for a name the worker refuses would be useless.
        if (!NamePattern().IsMatch(name))
        {
            throw new CliException(ExitCodes.Usage,
                $"--worker '{text}': the worker name '{name}' is not valid (1-100 letters, digits, '.', '_' or '-', starting with a letter or digit)");
        }

        if (!PoolPattern().IsMatch(pool))
        {
            throw new CliException(ExitCodes.Usage,
                $"--worker '{text}': the pool name '{pool}' is not valid (1-63 lower-case letters, digits, '_' or '-', starting with a letter or digit)");
        }

        return new WorkerAccount(name, pool);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex PoolPattern();
}
