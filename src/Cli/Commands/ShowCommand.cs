using System.CommandLine;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina show ID</c>: one item with its attempts and result.</summary>
static class ShowCommand
{
    public const string Examples = """
        Examples:
          stamina show 3f2a1b4c
          stamina show 3f2a1b4c-9d7e-4c1a-8b5f-0e6d2c4a1b9f --json | jq .result
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var id = ItemIdArgument.Create();
        var command = new Command("show", "Show one work item: its settings, attempts and result") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var itemId = await ItemIdResolver.ResolveAsync(client, parseResult.GetRequiredValue(id), cancellationToken);
            var item = await client.GetItemAsync(itemId, cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, item.Json);
            else
                ConsoleFactory.Render(context, console => ItemDetails.Write(console, item.Value, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        return command;
    }
}
