using System.CommandLine;
using Stamina.Cli.Parsing;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina list</c>: the newest items, optionally filtered.</summary>
static class ListCommand
{
    public const string Examples = """
        Examples:
          stamina list
          stamina list --state Running
          stamina list --pool night --limit 500
          stamina list --state Failed --json | jq -r '.items[].id'
        """;

    static readonly string[] States = ["Pending", "Queued", "Running", "Succeeded", "Failed", "Cancelled", "Skipped"];

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var state = new Option<string?>("--state") { Description = $"Only items in this state: {string.Join(", ", States)}", HelpName = "STATE" };
        state.CompletionSources.Add(States);
        var pool = new Option<string?>("--pool") { Description = "Only items of this pool", HelpName = "POOL" };
        var limit = WholeNumberOption.Create("--limit", "At most this many items, newest first, 1 to 1000 [default: 100]");

        var command = new Command("list", "List work items, newest first") { state, pool, limit };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var list = await client.ListItemsAsync(parseResult.GetValue(state), parseResult.GetValue(pool), parseResult.GetValue(limit),
                cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, list.Json);
            else
                ConsoleFactory.Render(context, console => ItemTable.Write(console, list.Value.Items, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        return command;
    }
}
