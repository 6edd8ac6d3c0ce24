using System.CommandLine;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina workers</c>: the fleet as the coordinator last heard from it.</summary>
internal static class WorkersCommand
{
    public const string Examples = """
        Examples:
          stamina workers
          stamina workers --json | jq '.workers[] | select(.state == "busy") | .name'
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var command = new Command("workers", "List the workers, their accounts and what they are running");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var list = await client.ListWorkersAsync(cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, list.Json);
            else
                ConsoleFactory.Render(context, console => WorkerTable.Write(console, list.Value.Workers, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        return command;
    }
}
