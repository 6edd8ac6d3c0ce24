using Microsoft.Extensions.Configuration;
using Stamina.ServiceDefaults.Configuration;

namespace Stamina.Cli.Checks;

/// <summary>Each <c>Stamina:Accounts:&lt;account&gt;:&lt;harness&gt;</c> config directory exists (the agent keeps its login there).</summary>
static class AccountDirectoryCheck
{
    public const string Section = "Stamina:Accounts";

    public static IReadOnlyList<CheckResult> Run(IConfiguration configuration, CliContext context)
    {
        var results = new List<CheckResult>();
        foreach (var account in configuration.GetSection(Section).GetChildren())
        {
            foreach (var harness in account.GetChildren())
            {
                var name = $"account {account.Key}";
                if (string.IsNullOrWhiteSpace(harness.Value))
                {
                    results.Add(CheckResult.Failed(name, $"{harness.Path} must be a directory"));
                    continue;
                }
                var directory = Path.GetFullPath(StaminaConfigFile.ExpandHome(harness.Value.Trim(), context.ResolveHomeDirectory()),
                    context.ResolveWorkingDirectory());
                results.Add(Directory.Exists(directory)
                    ? CheckResult.Ok(name, $"{harness.Key} config dir {directory} exists")
                    : CheckResult.Failed(name, $"{harness.Key} config dir {directory} does not exist (log in with it first)"));
            }
        }
        return results;
    }
}
