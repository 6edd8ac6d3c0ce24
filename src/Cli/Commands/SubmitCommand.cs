using System.CommandLine;
using System.CommandLine.Parsing;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina submit</c>: queue one work item.</summary>
internal static class SubmitCommand
{
    public const string Examples = """
        Examples:
          stamina submit --repo https://github.com/acme/api.git -- make test
          stamina submit --repo /srv/git/api.git --base-ref main --pool night --timeout 2h \
              --label team=infra --label ticket=OPS-12 -- ./scripts/bump-deps.sh --minor
          stamina submit --repo /srv/git/api.git --prompt-file task.md --quiet -- ./agent.sh
          id=$(stamina submit --quiet --repo /srv/git/api.git -- make lint) && stamina show "$id"
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var repo = new Option<string>("--repo")
        {
            Description = "The git repository to work on: a URL, or a path the coordinator allows",
            HelpName = "REPO",
            Required = true,
        };
        var prompt = new Option<string?>("--prompt") { Description = "The task text handed to the harness", HelpName = "TEXT" };
        var promptFile = new Option<string?>("--prompt-file")
        {
            Description = "Read the task text from a file ('-' reads standard input)",
            HelpName = "FILE",
        };
        var harness = new Option<string?>("--harness") { Description = "What runs the item [default: command]", HelpName = "HARNESS" };
        harness.CompletionSources.Add("command");
        var baseRef = new Option<string?>("--base-ref")
        {
            Description = "The branch, tag or commit to start from [default: the repository's HEAD]",
            HelpName = "REF",
        };
        var pool = new Option<string?>("--pool") { Description = "The worker pool that runs it [default: default]", HelpName = "POOL" };
        var priority = WholeNumberOption.Create("--priority", "Higher runs first, -1000 to 1000 [default: 0]");
        var timeout = new Option<string?>("--timeout")
        {
            Description = "Wall-time limit of one attempt: 90s, 30m, 2h or 00:30:00",
            HelpName = "DURATION",
        };
        timeout.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (text is not null && !DurationText.TryParse(text, out _))
                result.AddError($"--timeout '{text}' is not a duration; use a number with s, m or h (90s, 30m, 2h) or hh:mm:ss");
        });
        var maxAttempts = WholeNumberOption.Create("--max-attempts", "Attempts before the item fails for good [default: 3]");
        var labels = new Option<string[]>("--label")
        {
            Description = "A key=value label; repeat for more",
            HelpName = "KEY=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        labels.Validators.Add(result =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!LabelText.TryParse(text, out var key, out _))
                    result.AddError($"--label '{text}' is not key=value");
                else if (!seen.Add(key))
                    result.AddError($"--label '{key}' is given more than once");
            }
        });
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the new item's id" };
        var argv = new Argument<string[]>("command")
        {
            Description = "After '--': the program and its arguments, run in the item's worktree",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command("submit", "Queue a work item: a command (or agent) to run against a git repository")
        {
            repo, prompt, promptFile, harness, baseRef, pool, priority, timeout, maxAttempts, labels, quiet, argv,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(prompt) is not null && result.GetResult(promptFile) is not null)
                result.AddError("give --prompt or --prompt-file, not both");
            if ((result.GetValue(argv) ?? []).Length == 0 && (result.GetValue(harness) ?? "command") == "command")
                result.AddError("the command harness needs a command after '--', e.g. stamina submit --repo R -- make test");
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            RequireDoubleDash(parseResult.GetValue(argv) ?? [], parseResult);
            var request = new SubmitItemRequest
            {
                Repo = parseResult.GetRequiredValue(repo),
                Prompt = await ReadPromptAsync(parseResult.GetValue(prompt), parseResult.GetValue(promptFile), context, cancellationToken),
                Harness = parseResult.GetValue(harness),
                Command = parseResult.GetValue(argv) is { Length: > 0 } given ? given : null,
                BaseRef = parseResult.GetValue(baseRef),
                Pool = parseResult.GetValue(pool),
                Priority = parseResult.GetValue(priority),
                Timeout = parseResult.GetValue(timeout)?.Trim(),
                MaxAttempts = parseResult.GetValue(maxAttempts),
                Labels = Labels(parseResult.GetValue(labels)),
            };
            using var client = global.CreateClient(parseResult, context);
            var created = await client.SubmitAsync(request, cancellationToken);
            var item = created.Value;
            if (global.WantsJson(parseResult))
            {
                JsonOutput.Write(context, created.Json);
                return ExitCodes.Ok;
            }
            // The id comes first and alone on its line, so `| head -1` works as well as --quiet.
            await context.Out.WriteLineAsync(item.Id.ToString("D"));
            if (!parseResult.GetValue(quiet))
            {
                await context.Out.WriteLineAsync($"Submitted to pool {item.Pool ?? request.Pool ?? "default"} ({item.State ?? "Pending"}); "
                    + $"follow it with: stamina show {ItemIdText.Short(item.Id)}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The command argument also takes stray words before '--'. Requiring '--' keeps a mistyped option value
    /// (an unquoted prompt, say) from silently becoming the command that runs. Checked here rather than in a
    /// validator because only the whole parse result still has the '--' token.
    /// </summary>
    static void RequireDoubleDash(string[] argv, ParseResult parseResult)
    {
        var tokens = parseResult.Tokens;
        var doubleDash = tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
        var afterDoubleDash = doubleDash < 0 ? 0 : tokens.Count - doubleDash - 1;
        if (argv.Length <= afterDoubleDash)
            return;
        var stray = argv[0];
        throw new CliException(ExitCodes.Usage, stray.StartsWith('-')
            ? $"unknown option '{stray}'"
            : $"unexpected '{stray}': put the command to run after '--', e.g. stamina submit --repo R -- make test");
    }

    static async Task<string?> ReadPromptAsync(string? text, string? file, CliContext context, CancellationToken cancellationToken)
    {
        if (file is null)
            return text;
        if (file == "-")
            return await context.In.ReadToEndAsync(cancellationToken);
        try
        {
            return await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"cannot read --prompt-file '{file}': {exception.Message}");
        }
    }

    static Dictionary<string, string>? Labels(string[]? texts)
    {
        if (texts is null || texts.Length == 0)
            return null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            LabelText.TryParse(text, out var key, out var value);
            labels[key] = value;
        }
        return labels;
    }
}
