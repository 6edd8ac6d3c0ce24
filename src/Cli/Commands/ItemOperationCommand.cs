using System.CommandLine;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary>The shape <c>cancel</c> and <c>retry</c> share: resolve the id, post the operation, report the new state.</summary>
static class ItemOperationCommand
{
    public static Command Create(string name, string description, string pastTense,
        Func<CoordinatorClient, Guid, CancellationToken, Task<ApiResponse<WorkItem>>> operation,
        GlobalOptions global, CliContext context)
    {
        var id = ItemIdArgument.Create();
        var command = new Command(name, description) { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var itemId = await ItemIdResolver.ResolveAsync(client, parseResult.GetRequiredValue(id), cancellationToken);
            var item = await operation(client, itemId, cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, item.Json);
            else
                await context.Out.WriteLineAsync($"{pastTense} {ItemIdText.Short(itemId)}: the item is now {item.Value.State ?? "?"}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
