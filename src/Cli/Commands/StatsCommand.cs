using System.CommandLine;
using Stamina.Cli.Parsing;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina stats [--since 12h]</c>: counts of items, attempts, durations, agent spend and workers.</summary>
static class StatsCommand
{
    public const string Examples = """
        Examples:
          stamina stats
          stamina stats --since 12h
          stamina stats --from 2026-12-05T20:00:00Z --to 2026-12-06T08:00:00Z
          stamina stats --json | jq .agents.costUsd

        With a window, items count when submitted in it and attempts (and their durations and spend) when
        started in it; pools and workers are always as they are now.
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var window = new WindowOptions("Only the last DURATION (12h, 90m): items submitted and attempts started in it");
        var command = new Command("stats", "Show counts of items, attempts, attempt durations, agent tokens and cost, workers and pools");
        window.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var stats = await client.GetStatsAsync(window.Read(parseResult), cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, stats.Json);
            else
                ConsoleFactory.Render(context, console => StatsView.Write(console, stats.Value));
            return ExitCodes.Ok;
        });
        return command;
    }
}
