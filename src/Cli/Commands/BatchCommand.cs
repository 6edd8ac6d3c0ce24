using System.CommandLine;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina batch list|show|cancel|retry-failed</c>: the batches <c>submit -f</c> (and schedules) make.</summary>
static class BatchCommand
{
    public const string Examples = """
        Examples:
          stamina batch list
          stamina batch show 3f2a9c1e
          stamina batch cancel 3f2a9c1e
          stamina batch retry-failed 3f2a9c1e
          stamina batch show 3f2a9c1e --json | jq -r '.branches[]'
        """;

    const int SearchLimit = 500;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var command = new Command("batch", "Show, cancel or retry the batches made by 'submit -f' and by schedules");
        command.Subcommands.Add(List(global, context));
        command.Subcommands.Add(Show(global, context));
        command.Subcommands.Add(Operation("cancel", "Cancel every item of the batch that has not ended", "Cancelled",
            (client, id, ct) => client.CancelBatchAsync(id, ct), global, context));
        command.Subcommands.Add(Operation("retry-failed",
            "Retry the batch's failed and cancelled items; the items they skipped wait for them again", "Retried",
            (client, id, ct) => client.RetryFailedBatchAsync(id, ct), global, context));
        return command;
    }

    static Command List(GlobalOptions global, CliContext context)
    {
        var limit = WholeNumberOption.Create("--limit", $"At most this many batches, newest first, 1 to {SearchLimit} [default: 50]");
        var command = new Command("list", "List batches, newest first") { limit };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var list = await client.ListBatchesAsync(parseResult.GetValue(limit), cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, list.Json);
            else
                ConsoleFactory.Render(context, console => BatchDetails.WriteList(console, list.Value.Batches, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Show(GlobalOptions global, CliContext context)
    {
        var id = IdArgument();
        var command = new Command("show", "Show a batch: its items, counts, cost, branches and, once it ended, its summary") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var batch = await client.GetBatchAsync(await ResolveAsync(client, parseResult.GetRequiredValue(id), cancellationToken), cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, batch.Json);
            else
                ConsoleFactory.Render(context, console => BatchDetails.Write(console, batch.Value, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Operation(string name, string description, string pastTense,
        Func<CoordinatorClient, Guid, CancellationToken, Task<ApiResponse<BatchActionResult>>> operation, GlobalOptions global, CliContext context)
    {
        var id = IdArgument();
        var command = new Command(name, description) { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var batchId = await ResolveAsync(client, parseResult.GetRequiredValue(id), cancellationToken);
            var answer = await operation(client, batchId, cancellationToken);
            if (global.WantsJson(parseResult))
            {
                JsonOutput.Write(context, answer.Json);
                return ExitCodes.Ok;
            }
            await context.Out.WriteLineAsync($"{pastTense} {answer.Value.Moved} item(s) of batch {ItemIdText.Short(batchId)}");
            if (answer.Value.Batch is { } batch)
                ConsoleFactory.Render(context, console => BatchDetails.Write(console, batch, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Argument<string> IdArgument()
    {
        var argument = new Argument<string>("ID")
        {
            Description = $"The batch's id, or its first characters (looked up among the newest {SearchLimit} batches)",
        };
        argument.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text && !ItemIdText.IsValid(text))
                result.AddError($"'{text}' is not a batch id: give the full id or at least its first {ItemIdText.MinimumPrefixLength} characters");
        });
        return argument;
    }

    static async Task<Guid> ResolveAsync(CoordinatorClient client, string text, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(text, out var id))
            return id;
        var recent = await client.ListBatchesAsync(SearchLimit, cancellationToken);
        var matches = recent.Value.Batches.Select(b => b.Id).Where(b => b.ToString("D").StartsWith(text, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliException(ExitCodes.NotFound, $"no batch id starts with '{text}' among the newest {SearchLimit} batches; give the full id"),
            _ => throw new CliException(ExitCodes.Usage, $"'{text}' matches {matches.Count} batches; give more of the id"),
        };
    }
}
