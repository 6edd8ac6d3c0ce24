using System.CommandLine;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina pipeline show ID</c>: a pipeline's steps, rounds, verdicts, state and final branch.</summary>
static class PipelineCommand
{
    public const string Examples = """
        Examples:
          stamina pipeline show 7d1e0c55-3b9a-4f0e-9a51-2c7f3e8b9d10
          stamina pipeline show 7d1e0c55-3b9a-4f0e-9a51-2c7f3e8b9d10 --json | jq -r .finalBranch

        'stamina show ITEM' of a step's item names its pipeline. An unknown pipeline exits 6.
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var command = new Command("pipeline", "Show pipelines: tasks run as steps with a reviewer");
        var id = new Argument<Guid>("ID") { Description = "The pipeline's id (a UUID), as 'stamina show' of one of its items names it" };
        var show = new Command("show", "Show a pipeline: its steps, review rounds, verdicts, state and final branch") { id };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var pipeline = await client.GetPipelineAsync(parseResult.GetRequiredValue(id), cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, pipeline.Json);
            else
                ConsoleFactory.Render(context, console => PipelineDetails.Write(console, pipeline.Value, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(show);
        return command;
    }
}
