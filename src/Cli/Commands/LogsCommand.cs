using System.CommandLine;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina logs ID</c>: an attempt's agent transcript, raw or summarised, once or followed to its end.</summary>
static class LogsCommand
{
    public const string Examples = """
        Examples:
          stamina logs 3f2a1b4c                      # the latest attempt's transcript
          stamina logs 3f2a1b4c --attempt 1 --pretty # one line per text, tool use and result
          stamina logs 3f2a1b4c --follow             # until the attempt ends (waits for the first attempt)
          stamina logs 3f2a1b4c --raw | jq -c 'select(.type == "result")'

        Raw is the coordinator's bytes unchanged (JSON lines from the agent CLI); it is the default when
        stdout is not a terminal, and the summary is the default on a terminal. An item or attempt that does
        not exist exits 6.
        """;

    /// <summary>How often --follow asks for more: new events show within a second, at one small request a second.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    static readonly string[] FinishedStates = ["Succeeded", "Failed", "Cancelled", "Skipped"];

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var id = ItemIdArgument.Create();
        var attempt = WholeNumberOption.Create("--attempt", "The attempt to show, from 1 [default: the latest]");
        attempt.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
                result.AddError("--attempt must be 1 or more");
        });
        var follow = new Option<bool>("--follow", "-F") { Description = "Keep printing as the attempt goes on, until it ends" };
        var pretty = new Option<bool>("--pretty") { Description = "One readable line per event [default on a terminal]" };
        var raw = new Option<bool>("--raw") { Description = "The events exactly as stored [default when not a terminal]" };
        var command = new Command("logs", "Print an attempt's agent transcript (the agent CLI's event stream)") { id, attempt, follow, pretty, raw };
        command.Validators.Add(result =>
        {
            if (result.GetValue(pretty) && result.GetValue(raw))
                result.AddError("give --pretty or --raw, not both");
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var itemId = await ItemIdResolver.ResolveAsync(client, parseResult.GetRequiredValue(id), cancellationToken);
            var following = parseResult.GetValue(follow);
            var number = parseResult.GetValue(attempt)
                ?? await LatestAttemptAsync(client, itemId, following, context.Clock, cancellationToken);
            var printer = parseResult.GetValue(pretty) || (context.OutputIsTerminal && !parseResult.GetValue(raw))
                ? new TranscriptPrinter(context.Out)
                : null;

            long offset = 0;
            TranscriptChunk chunk;
            while (true)
            {
                chunk = await client.GetTranscriptAsync(itemId, number, offset, cancellationToken);
                if (printer is null)
                    await context.WriteRawAsync(chunk.Bytes, cancellationToken);
                else
                    printer.Write(chunk.Bytes);
                offset += chunk.Bytes.Length;
                if (!following || chunk.Complete)
                    break;
                await Task.Delay(PollInterval, context.Clock, cancellationToken);
            }
            printer?.Finish();
            if (chunk.Truncated)
                await context.Error.WriteLineAsync($"stamina: the transcript of attempt {number} was cut at the worker's size limit ({chunk.TotalLength} bytes kept)");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The item's newest attempt; with --follow, waits for the first one while the item can still get one.</summary>
    static async Task<int> LatestAttemptAsync(CoordinatorClient client, Guid id, bool follow, TimeProvider clock, CancellationToken cancellationToken)
    {
        while (true)
        {
            var item = (await client.GetItemAsync(id, cancellationToken)).Value;
            var latest = item.Attempts is { Count: > 0 } attempts ? attempts.Max(a => a.Number) : item.Attempt;
            if (latest > 0)
                return latest;
            if (!follow || FinishedStates.Contains(item.State, StringComparer.OrdinalIgnoreCase))
            {
                throw new CliException(ExitCodes.NotFound, $"item {ItemIdText.Short(id)} has no attempts yet"
                    + (follow ? $" and is {item.State}" : "; --follow waits for the first one"));
            }
            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }
}
