using System.CommandLine;
using Stamina.Cli.Api;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina dispatch</c>: what holds work back; <c>dispatch pause|resume [--pool P]</c> stops and restarts releasing queued items.</summary>
static class DispatchCommand
{
    public const string Examples = """
        Examples:
          stamina dispatch
          stamina dispatch pause --reason "deploying the API"
          stamina dispatch pause --pool night --reason "repository migration"
          stamina dispatch resume --pool night
          stamina dispatch resume
          stamina dispatch --json | jq .holds

        A pause keeps queued items waiting (their waiting reason says pause); running items go on.
        'resume' without --pool ends every pause (the fleet's and each pool's); with --pool only that pool's.
        Spend caps and breakers are shown here too; they end by themselves (a new day, a cool-down).
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var command = new Command("dispatch", "Show what holds dispatch back (pauses, spend caps, breakers); pause or resume it");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            return Write(parseResult, await client.GetDispatchAsync(cancellationToken));
        });
        command.Subcommands.Add(Create("pause", "Stop releasing queued items, for the whole fleet or one pool; running items go on", withReason: true));
        command.Subcommands.Add(Create("resume", "Release queued items again (every pause, or one pool's)", withReason: false));
        return command;

        Command Create(string name, string description, bool withReason)
        {
            var pool = new Option<string>("--pool") { Description = "Only this pool (default: the whole fleet)", HelpName = "POOL" };
            var reason = new Option<string>("--reason") { Description = "Why, shown as the items' waiting reason", HelpName = "TEXT" };
            var sub = new Command(name, description) { pool };
            if (withReason)
                sub.Options.Add(reason);
            sub.SetAction(async (parseResult, cancellationToken) =>
            {
                using var client = global.CreateClient(parseResult, context);
                var request = new DispatchPauseRequest { Pool = parseResult.GetValue(pool), Reason = withReason ? parseResult.GetValue(reason) : null };
                var answer = withReason
                    ? await client.PauseDispatchAsync(request, cancellationToken)
                    : await client.ResumeDispatchAsync(request, cancellationToken);
                return Write(parseResult, answer);
            });
            return sub;
        }

        int Write(ParseResult parseResult, ApiResponse<DispatchState> state)
        {
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, state.Json);
            else
                ConsoleFactory.Render(context, console => DispatchText.Write(console, state.Value, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        }
    }
}
