using System.CommandLine;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina stats</c>: counts of items, attempts, agent spend and workers.</summary>
internal static class StatsCommand
{
    public const string Examples = """
        Examples:
          stamina stats
          stamina stats --json | jq .agents.costUsd
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var command = new Command("stats", "Show counts of items, attempts, agent tokens and cost, workers and pools");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var stats = await client.GetStatsAsync(cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, stats.Json);
            else
                ConsoleFactory.Render(context, console => StatsView.Write(console, stats.Value));
            return ExitCodes.Ok;
        });
        return command;
    }
}
