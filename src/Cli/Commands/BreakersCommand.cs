using System.CommandLine;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina breakers</c>: the circuit breakers of repositories and accounts; <c>breakers reset ID</c> closes one.</summary>
static class BreakersCommand
{
    public const string Examples = """
        Examples:
          stamina breakers
          stamina breakers --json | jq '.breakers[] | select(.status != "closed")'
          stamina breakers reset 0b5c2f7e-3d7a-4f7e-9d43-1c2b3a4d5e6f

        A breaker opens when items of one repository, or attempts of one account, fail the same way
        (Stamina:Breakers:Threshold items within Window). While open the repository's items wait and the
        account's workers rest; after the cool-down one probe runs, and its success closes the breaker.
        """;

    public const string ResetExamples = """
        Examples:
          stamina breakers reset 0b5c2f7e-3d7a-4f7e-9d43-1c2b3a4d5e6f

        Closes the breaker at once (the repository or the account was fixed). An unknown id exits 6.
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var command = new Command("breakers", "List the circuit breakers of repositories and accounts");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var list = await client.ListBreakersAsync(cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, list.Json);
            else
                ConsoleFactory.Render(context, console => BreakerText.Table(console, list.Value.Breakers, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(CreateReset(global, context));
        return command;
    }

    static Command CreateReset(GlobalOptions global, CliContext context)
    {
        var id = new Argument<Guid>("ID") { Description = "The breaker's id, as 'stamina breakers' shows it" };
        var command = new Command("reset", "Close a circuit breaker now, without waiting for its probe") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var breaker = await client.ResetBreakerAsync(parseResult.GetRequiredValue(id), cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, breaker.Json);
            else
                await context.Out.WriteLineAsync($"Closed the breaker of {breaker.Value.Scope} {breaker.Value.Key}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
