using System.CommandLine;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary>
/// <c>stamina workers</c>: the fleet as the coordinator last heard from it; <c>workers resume NAME</c> unpauses one,
/// <c>workers drain NAME</c> lets one finish its item and take nothing new, <c>workers undrain NAME</c> undoes it.
/// </summary>
static class WorkersCommand
{
    public const string Examples = """
        Examples:
          stamina workers
          stamina workers --json | jq '.workers[] | select(.state == "paused") | {name, attention}'
          stamina workers resume worker-alpha
          stamina workers drain worker-alpha

        A 'limited' worker's account hit its usage limit; it takes work again by itself after LIMITED UNTIL.
        A 'paused' worker needs a human (ATTENTION says why, e.g. the login expired): fix it, then resume it.
        A 'draining' worker finishes its item and then is 'drained' (by 'workers drain', or while its health check
        fails: ATTENTION says which); an 'off-shift' worker is outside its shift window and starts again when it opens.
        """;

    public const string DrainExamples = """
        Examples:
          stamina workers drain worker-alpha
          stamina workers undrain worker-alpha

        A drained worker finishes its current item and takes nothing new; the coordinator keeps the drain, so a
        restarted worker stays drained until 'workers undrain'. An unknown worker exits 6.
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
        command.Subcommands.Add(CreateDrain(global, context, drain: true));
        command.Subcommands.Add(CreateDrain(global, context, drain: false));
        return command;
    }

    static Command CreateDrain(GlobalOptions global, CliContext context, bool drain)
    {
        var name = new Argument<string>("NAME") { Description = "The worker's name, as 'stamina workers' shows it" };
        var command = drain
            ? new Command("drain", "Let a worker finish its current item and take nothing new (until undrained)") { name }
            : new Command("undrain", "Let a drained worker take work again") { name };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var worker = parseResult.GetRequiredValue(name);
            var answer = await client.DrainWorkerAsync(worker, drain, cancellationToken);
            if (global.WantsJson(parseResult))
            {
                JsonOutput.Write(context, answer.Json);
            }
            else
            {
                await context.Out.WriteLineAsync(drain
                    ? $"Draining worker {answer.Value.Name ?? worker}: it finishes its current item and takes nothing new"
                    : $"Undrained worker {answer.Value.Name ?? worker}: it takes work again");
            }

            return ExitCodes.Ok;
        });
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
