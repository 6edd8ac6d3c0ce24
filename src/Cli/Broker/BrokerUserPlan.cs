using System.Text.RegularExpressions;

namespace Stamina.Cli.Broker;

/// <summary>The users one run of <c>stamina broker users</c> makes, checked as a whole before the broker is touched.</summary>
static partial class BrokerUserPlan
{
    public const string CoordinatorVariable = "STAMINA_BROKER_COORDINATOR";
    public const string WorkerVariablePrefix = "STAMINA_BROKER_WORKER_";
    public const string CoordinatorTags = "impersonator";

    public static IReadOnlyList<BrokerUser> Make(string? coordinator, IReadOnlyList<string> workers)
    {
        var users = new List<BrokerUser>();
        if (coordinator is not null)
        {
            if (!UserPattern().IsMatch(coordinator))
                throw new CliException(ExitCodes.Usage, $"--coordinator '{coordinator}' is not a valid user name (1-100 letters, digits, '.', '_' or '-')");
            users.Add(new BrokerUser(coordinator, "coordinator", PermissionRules.Coordinator(), CoordinatorVariable, CoordinatorTags));
        }
        foreach (var text in workers)
        {
            var worker = WorkerAccount.Parse(text);
            var variable = WorkerVariablePrefix + NotVariable().Replace(worker.Name.ToUpperInvariant(), "_");
            users.Add(new BrokerUser(worker.User, $"worker {worker.Name} (pool {worker.Pool})", PermissionRules.Worker(worker), variable));
        }
        if (users.Count == 0)
            throw new CliException(ExitCodes.Usage, "name at least one user: --coordinator USER and/or --worker NAME:POOL");
        if (users.GroupBy(u => u.User, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new CliException(ExitCodes.Usage, $"the user '{twice.Key}' is named twice");
        if (users.GroupBy(u => u.Variable, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
            throw new CliException(ExitCodes.Usage, $"{string.Join(" and ", clash.Select(u => u.Role))} would both be written to {clash.Key}; rename one worker");
        return users;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex UserPattern();

    [GeneratedRegex("[^A-Z0-9]")]
    private static partial Regex NotVariable();
}
