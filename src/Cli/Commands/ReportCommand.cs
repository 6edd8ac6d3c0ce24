using System.CommandLine;
using Stamina.Cli.Parsing;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina report --since 12h [--format md|json]</c>: what the fleet did, for a person in the morning.</summary>
static class ReportCommand
{
    public const string Examples = """
        Examples:
          stamina report
          stamina report --since 12h > night.md
          stamina report --from 2026-12-05T20:00:00Z --to 2026-12-06T08:00:00Z
          stamina report --since 24h --format json | jq '.failures[] | {count, signature}'

        Lists every item submitted, run or finished in the window (outcome, branch, diff stat, cost, duration,
        attempts), each account's items, spend, tokens, utilisation and usage limits, and the failed attempts
        grouped by signature: the error class and message with numbers, ids, paths and times replaced by
        placeholders. Markdown by default (paste it into a chat or an issue); json is the API's document.
        """;

    static readonly string[] Formats = ["md", "json"];

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var window = new WindowOptions("The last DURATION (12h, 90m) [default: 12h]");
        var format = new Option<string>("--format")
        {
            Description = "md (Markdown) or json (the API's document) [default: md]",
            HelpName = "FORMAT",
            DefaultValueFactory = _ => "md",
        };
        format.CompletionSources.Add(Formats);
        format.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!Formats.Contains(text, StringComparer.Ordinal))
                result.AddError($"--format '{text}' is not known; use md or json");
        });
        var command = new Command("report", "Report what the fleet did in a window: items, accounts, failures") { format };
        window.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var report = await client.GetReportAsync(window.Read(parseResult), cancellationToken);
            if (global.WantsJson(parseResult) || parseResult.GetValue(format) == "json")
                JsonOutput.Write(context, report.Json);
            else
                await context.Out.WriteAsync(ReportMarkdown.Write(report.Value));
            return ExitCodes.Ok;
        });
        return command;
    }
}
