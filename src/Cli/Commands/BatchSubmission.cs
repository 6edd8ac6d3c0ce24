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
        var json = global.WantsJson(parseResult);
        var created = new List<string>();
        using var client = global.CreateClient(parseResult, context);
        foreach (var task in tasks)
        {
            ApiResponse<WorkItem> item;
            try
            {
                item = await client.SubmitAsync(task.Request, cancellationToken);
            }
            catch (CoordinatorException exception)
            {
                if (json)
                    WriteArray(context, created);
                var submitted = created.Count == 0
                    ? "nothing was submitted"
                    : $"{created.Count} task(s) before it were submitted; tasks[{task.Index}] and the {tasks.Count - task.Index - 1} after it were not";
                throw new CliException(exception.ExitCode, $"{task.Location}: {task.Name}: {exception.Message}{Environment.NewLine}stamina: {submitted}",
                    exception);
            }
            created.Add(item.Json);
            if (json)
                continue;
            var id = item.Value.Id.ToString("D");
            await context.Out.WriteLineAsync(quiet ? id : $"{id}  {Summary(task.Request)}");
        }
        if (json)
            WriteArray(context, created);
        return ExitCodes.Ok;
    }

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
