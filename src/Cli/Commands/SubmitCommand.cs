using System.CommandLine;
using System.CommandLine.Parsing;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina submit</c>: queue one work item from flags, or a batch from a task file.</summary>
static class SubmitCommand
{
    public const string Examples = """
        Examples:
          stamina submit --repo https://github.com/acme/api.git -- make test
          stamina submit --repo /srv/git/api.git --base-ref main --pool night --timeout 2h \
              --label team=infra --label ticket=OPS-12 -- ./scripts/bump-deps.sh --minor
          stamina submit --repo /srv/git/api.git --harness claude --model sonnet --skill-level senior \
              --max-turns 40 --max-budget-usd 5 --stall-timeout 10m --prompt-file task.md
          stamina submit --repo /srv/git/api.git --harness codex --task-file .task.md
          stamina submit -f tasks.yml
          stamina submit --idempotency-key nightly-2026-11-25-lint --repo . -- make lint
          id=$(stamina submit --quiet --repo /srv/git/api.git -- make lint) && stamina show "$id"

        A task file is a list of tasks, or { defaults: {...}, tasks: [...] }, with the flags' settings as
        camelCase keys (repo, prompt, promptFile, harness, command, baseRef, pool, priority, timeout,
        maxAttempts, labels, model, skillLevel, maxTurns, maxBudgetUsd, stallTimeout, appendSystemPrompt,
        taskFile) and, per task, name, after: [names], baseFrom: name and onDependencyFailure: skip|run;
        see docs/cli.md. The whole file is checked first: any mistake exits 5 and submits nothing. The file
        becomes one batch (all its items or none), sent with an idempotency key derived from the file, so
        running the same file again answers the batch it made (stamina batch show ID follows it).
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var options = new SubmitOptions();
        var command = new Command("submit", "Queue a work item: a command or a coding agent to run against a git repository");
        foreach (var option in options.TaskOptions)
            command.Options.Add(option);
        command.Options.Add(options.File);
        command.Options.Add(options.Quiet);
        command.Options.Add(options.IdempotencyKey);
        command.Arguments.Add(options.Argv);
        command.Validators.Add(options.Validate);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            RequireDoubleDash(parseResult.GetValue(options.Argv) ?? [], parseResult);
            if (parseResult.GetValue(options.File) is { } file)
                return await BatchSubmission.RunAsync(file, parseResult.GetValue(options.Quiet), global, parseResult, context, cancellationToken);

            var request = await options.ToRequestAsync(parseResult, context, cancellationToken);
            using var client = global.CreateClient(parseResult, context);
            var created = await client.SubmitAsync(request, cancellationToken, idempotencyKey: parseResult.GetValue(options.IdempotencyKey));
            var item = created.Value;
            if (global.WantsJson(parseResult))
            {
                JsonOutput.Write(context, created.Json);
                return ExitCodes.Ok;
            }
            // The id comes first and alone on its line, so `| head -1` works as well as --quiet.
            await context.Out.WriteLineAsync(item.Id.ToString("D"));
            if (!parseResult.GetValue(options.Quiet))
            {
                var what = created.Replayed ? "Already submitted with this idempotency key, to pool" : "Submitted to pool";
                await context.Out.WriteLineAsync($"{what} {item.Pool ?? request.Pool ?? "default"} ({item.State ?? "Pending"}); "
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
}
