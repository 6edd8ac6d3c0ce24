using System.CommandLine;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina workers</c>: the fleet as the coordinator last heard from it; <c>workers resume NAME</c> unpauses one.</summary>
internal static class WorkersCommand
{
    public const string Examples = """
        Examples:
          stamina workers
          stamina workers --json | jq '.workers[] | select(.state == "paused") | {name, attention}'
          stamina workers resume worker-alpha

        A 'limited' worker's account hit its usage limit; it takes work again by itself after LIMITED UNTIL.
        A 'paused' worker needs a human (ATTENTION says why, e.g. the login expired): fix it, then resume it.
        """;

    public const string ResumeExamples = """
        Examples:
          stamina workers resume worker-alpha

        The worker takes work again. An unknown worker exits 6.
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
        command.Subcommands.Add(CreateResume(global, context));
        return command;
    }

    static Command CreateResume(GlobalOptions global, CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The worker's name, as 'stamina workers' shows it" };
        var command = new Command("resume", "Let a paused or limited worker take work again") { name };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var worker = parseResult.GetRequiredValue(name);
            var resumed = await client.ResumeWorkerAsync(worker, cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, resumed.Json);
            else
                await context.Out.WriteLineAsync($"Resumed worker {resumed.Value.Name ?? worker}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
