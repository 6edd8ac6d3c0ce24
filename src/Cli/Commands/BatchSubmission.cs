using System.CommandLine;
using Stamina.Cli.Batch;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary>
/// <c>stamina submit -f tasks.yml</c>: check the whole file, then send it as one batch (all items or none), keyed by the
/// file and its content so that running it again answers the same batch. Prints the batch id, then one line per item.
/// </summary>
static class BatchSubmission
{
    public static async Task<int> RunAsync(string file, bool quiet, GlobalOptions global, ParseResult parseResult, CliContext context,
        CancellationToken cancellationToken)
    {
        var batch = await BatchFile.ReadAsync(file, cancellationToken);
        using var client = global.CreateClient(parseResult, context);
        var created = await client.CreateBatchAsync(batch.Request, BatchKeys.For(file, batch.Request), cancellationToken);
        if (global.WantsJson(parseResult))
        {
            JsonOutput.Write(context, created.Json);
            return ExitCodes.Ok;
        }
        var view = created.Value;
        // The batch id first and alone on its line, as submit prints an item's id.
        await context.Out.WriteLineAsync(view.Id.ToString("D"));
        if (quiet)
            return ExitCodes.Ok;
        ConsoleFactory.Render(context, console => BatchDetails.Write(console, view, context.Clock.GetUtcNow()));
        await context.Error.WriteLineAsync(created.Replayed
            ? $"stamina: already submitted: this file was sent before (batch {view.Id:D}); nothing new was made"
            : $"stamina: submitted {view.Total} item(s) as one batch; follow it with: stamina batch show {view.Id:D}");
        return ExitCodes.Ok;
    }
}
