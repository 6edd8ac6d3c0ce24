using System.CommandLine;
using Stamina.Cli.Api;
using Stamina.Cli.Batch;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina submit -f tasks.yml</c>: check the whole file, then submit its tasks in order, one line per item.</summary>
internal static class BatchSubmission
{
    const int PromptColumns = 60;

    public static async Task<int> RunAsync(string file, bool quiet, GlobalOptions global, ParseResult parseResult, CliContext context,
        CancellationToken cancellationToken)
    {
        var tasks = await TaskFileReader.ReadAsync(file, cancellationToken);
        var keys = BatchKeys.For(file, tasks);
        var json = global.WantsJson(parseResult);
        var created = new List<string>();
        var replayed = 0;
        using var client = global.CreateClient(parseResult, context);
        foreach (var task in tasks)
        {
            ApiResponse<WorkItem> item;
            try
            {
                item = await client.SubmitAsync(task.Request, cancellationToken, idempotencyKey: keys[task.Index]);
            }
            catch (CoordinatorException exception)
            {
                if (json)
                    WriteArray(context, created);
                var before = replayed == 0 ? $"{created.Count} task(s) before it were submitted" : $"of the tasks before it, {Tally(created.Count - replayed, replayed)}";
                var submitted = created.Count == 0
                    ? "nothing was submitted"
                    : $"{before}; tasks[{task.Index}] and the {tasks.Count - task.Index - 1} after it were not";
                throw new CliException(exception.ExitCode, $"{task.Location}: {task.Name}: {exception.Message}{Environment.NewLine}"
                    + $"stamina: {submitted}. Run the same command again to submit the rest: tasks already submitted are not sent twice.",
                    exception);
            }
            created.Add(item.Json);
            if (item.Replayed)
                replayed++;
            if (json)
                continue;
            var id = item.Value.Id.ToString("D");
            await context.Out.WriteLineAsync(quiet ? id : $"{id}  {Summary(task.Request)}{(item.Replayed ? "  (already submitted)" : "")}");
        }
        if (json)
            WriteArray(context, created);
        else if (replayed > 0 && !quiet)
            await context.Error.WriteLineAsync($"stamina: {Tally(created.Count - replayed, replayed)}");
        return ExitCodes.Ok;
    }

    /// <summary>"2 submitted, 3 already submitted": what this run added, and what an earlier run of the file had.</summary>
    static string Tally(int submitted, int already) => $"{submitted} submitted, {already} already submitted";

    static void WriteArray(CliContext context, List<string> items) =>
        JsonOutput.Write(context, "[" + string.Join(",", items) + "]");

    /// <summary>The first line of the prompt, or the command, cut to fit beside the id.</summary>
    static string Summary(SubmitItemRequest request)
    {
        var text = request.Prompt is { } prompt && !string.IsNullOrWhiteSpace(prompt)
            ? prompt.Trim().Split('\n')[0].Trim()
            : request.Command is { } command ? ArgvText.Join(command) : request.TaskFile ?? "";
        return text.Length <= PromptColumns ? text : text[..(PromptColumns - 3)] + "...";
    }
}
