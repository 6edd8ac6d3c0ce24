using System.CommandLine;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina prune --older-than 7d [--include-accepted] [--dry-run]</c>.</summary>
static class PruneCommand
{
    public const string Examples = """
        Examples:
          stamina prune --older-than 7d --dry-run
          stamina prune --older-than 7d
          stamina prune --older-than 2w --include-accepted --json

        Deletes the attempt branches of items that finished (Succeeded, Failed, Cancelled) longer ago than the
        age: from the repository, from the workers' mirrors and from their kept worktrees. The accepted
        attempt's branch of a succeeded item stays unless --include-accepted. Running workers delete the
        branches (they hold the repositories' credentials); with none running it exits 7 and changes nothing.
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var olderThan = PruneAgeOption.Create();
        var includeAccepted = new Option<bool>("--include-accepted") { Description = "Also prune the accepted attempt's branch of succeeded items" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be pruned; change nothing" };
        var command = new Command("prune", "Delete old finished items' attempt branches") { olderThan, includeAccepted, dryRun };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var answer = await client.PruneAsync(new PruneRequest
            {
                OlderThan = parseResult.GetRequiredValue(olderThan).Trim(),
                IncludeAccepted = parseResult.GetValue(includeAccepted),
                DryRun = parseResult.GetValue(dryRun),
            }, cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, answer.Json);
            else
                ConsoleFactory.Render(context, console => PruneTable.Write(console, answer.Value, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        return command;
    }
}
