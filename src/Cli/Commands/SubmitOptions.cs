using System.CommandLine;
using System.CommandLine.Parsing;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;

namespace Stamina.Cli.Commands;

/// <summary>The flags of <c>stamina submit</c>, their checks, and the request they make.</summary>
sealed class SubmitOptions
{
    public SubmitOptions()
    {
        Harness.CompletionSources.Add(SubmitRules.Harnesses);
        SkillLevel.CompletionSources.Add(SubmitRules.SkillLevels);
        Harness.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !SubmitRules.Harnesses.Contains(value, StringComparer.Ordinal))
                result.AddError($"--harness '{value}' is unknown; known: {string.Join(", ", SubmitRules.Harnesses)}");
        });
        SkillLevel.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && SubmitRules.CheckSkillLevel(value) is { } problem)
                result.AddError($"--skill-level {problem}");
        });
        Labels.Validators.Add(result =>
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
    }

    public Option<string?> Repo { get; } = new("--repo")
    {
        Description = "The git repository to work on: a URL, or a path the coordinator allows",
        HelpName = "REPO",
    };

    public Option<string?> Prompt { get; } = new("--prompt") { Description = "The task text handed to the harness", HelpName = "TEXT" };

    public Option<string?> PromptFile { get; } = new("--prompt-file")
    {
        Description = "Read the task text from a file ('-' reads standard input)",
        HelpName = "FILE",
    };

    public Option<string?> Harness { get; } = new("--harness")
    {
        Description = $"What runs the item: {string.Join(", ", SubmitRules.Harnesses)} [default: command]",
        HelpName = "HARNESS",
    };

    public Option<string?> BaseRef { get; } = new("--base-ref")
    {
        Description = "The branch, tag or commit to start from [default: the repository's HEAD]",
        HelpName = "REF",
    };

    public Option<string?> Pool { get; } = new("--pool") { Description = "The worker pool that runs it [default: default]", HelpName = "POOL" };
    public Option<int?> Priority { get; } = WholeNumberOption.Create("--priority", "Higher runs first, -1000 to 1000 [default: 0]");
    public Option<string?> Timeout { get; } = DurationOption.Create("--timeout", "Wall-time limit of one attempt: 90s, 30m, 2h or 00:30:00");
    public Option<int?> MaxAttempts { get; } = WholeNumberOption.Create("--max-attempts", "Attempts before the item fails for good [default: 3]");

    public Option<string[]> Labels { get; } = new("--label")
    {
        Description = "A key=value label; repeat for more",
        HelpName = "KEY=VALUE",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Model { get; } = new("--model") { Description = "The agent's model, as its CLI names it (sonnet, gpt-5...)", HelpName = "MODEL" };

    public Option<string?> SkillLevel { get; } = new("--skill-level")
    {
        Description = $"How demanding the task is, for the worker to pick a model: {string.Join(", ", SubmitRules.SkillLevels)}",
        HelpName = "LEVEL",
    };

    public Option<int?> MaxTurns { get; } = WholeNumberOption.Create("--max-turns", "Stop the agent after this many turns");
    public Option<decimal?> MaxBudgetUsd { get; } = DecimalOption.Create("--max-budget-usd", "Stop the agent once it has spent this many dollars", "USD");
    public Option<string?> StallTimeout { get; } = DurationOption.Create("--stall-timeout", "Stop an agent that has sent no event for this long: 90s, 10m");

    public Option<string?> AppendSystemPrompt { get; } = new("--append-system-prompt")
    {
        Description = "Text added to the agent's system prompt",
        HelpName = "TEXT",
    };

    public Option<string?> TaskFile { get; } = new("--task-file")
    {
        Description = "A file in the repository that holds the task, e.g. .task.md (instead of or besides the prompt)",
        HelpName = "PATH",
    };

    public Option<string?> File { get; } = new("--file", "-f")
    {
        Description = "Submit every task of a YAML task file (see the examples); no other task options go with it",
        HelpName = "TASKS.YML",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print only the new item's id" };

    public Option<string?> IdempotencyKey { get; } = new("--idempotency-key")
    {
        Description = "Sent as Idempotency-Key: the same key and request within a day answer the item already made instead of a new one",
        HelpName = "KEY",
    };

    public Argument<string[]> Argv { get; } = new("command")
    {
        Description = "After '--': the program and its arguments, run in the item's worktree (command harness only)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The options that describe one task: all of them come from the file instead when --file is given.</summary>
    public IReadOnlyList<Option> TaskOptions =>
    [
        Repo, Prompt, PromptFile, Harness, BaseRef, Pool, Priority, Timeout, MaxAttempts, Labels,
        Model, SkillLevel, MaxTurns, MaxBudgetUsd, StallTimeout, AppendSystemPrompt, TaskFile,
    ];

    public void Validate(CommandResult result)
    {
        var hasCommand = (result.GetValue(Argv) ?? []).Length > 0;
        if (result.GetResult(File) is not null)
        {
            var given = TaskOptions.Where(o => result.GetResult(o) is not null).Select(o => o.Name).ToList();
            if (hasCommand)
                given.Add("a command after '--'");
            if (given.Count > 0)
                result.AddError($"--file takes every setting from the file; give no task options with it (found {string.Join(", ", given)})");
            if (result.GetResult(IdempotencyKey) is not null)
                result.AddError("--file derives the batch's idempotency key from the file itself; --idempotency-key is for one item");
            return;
        }
        if (result.GetResult(Repo) is null)
            result.AddError("--repo is required (or give a task file with --file)");
        if (result.GetResult(Prompt) is not null && result.GetResult(PromptFile) is not null)
            result.AddError("give --prompt or --prompt-file, not both");
        var harness = result.GetValue(Harness);
        if (harness is not null && !SubmitRules.Harnesses.Contains(harness, StringComparer.Ordinal))
            return;
        var hasPrompt = result.GetResult(Prompt) is not null || result.GetResult(PromptFile) is not null;
        foreach (var (field, _) in SubmitRules.CheckHarness(harness, hasCommand, hasPrompt, result.GetResult(TaskFile) is not null))
        {
            result.AddError(field switch
            {
                "command" when hasCommand => $"the {harness} harness runs the agent itself; give no command after '--'",
                "command" => "the command harness needs a command after '--', e.g. stamina submit --repo R -- make test",
                _ => $"the {harness} harness needs --prompt, --prompt-file or --task-file",
            });
        }
    }

    public async Task<SubmitItemRequest> ToRequestAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken) => new()
    {
        Repo = RepoText.Resolve(parseResult.GetValue(Repo)!, context.ResolveWorkingDirectory(), context.ResolveHomeDirectory()),
        Prompt = await ReadPromptAsync(parseResult.GetValue(Prompt), parseResult.GetValue(PromptFile), context, cancellationToken),
        Harness = parseResult.GetValue(Harness),
        Command = parseResult.GetValue(Argv) is { Length: > 0 } given ? given : null,
        BaseRef = parseResult.GetValue(BaseRef),
        Pool = parseResult.GetValue(Pool),
        Priority = parseResult.GetValue(Priority),
        Timeout = parseResult.GetValue(Timeout)?.Trim(),
        MaxAttempts = parseResult.GetValue(MaxAttempts),
        Labels = ParseLabels(parseResult.GetValue(Labels)),
        Model = parseResult.GetValue(Model),
        SkillLevel = parseResult.GetValue(SkillLevel),
        MaxTurns = parseResult.GetValue(MaxTurns),
        MaxBudgetUsd = parseResult.GetValue(MaxBudgetUsd),
        StallTimeout = parseResult.GetValue(StallTimeout)?.Trim(),
        AppendSystemPrompt = parseResult.GetValue(AppendSystemPrompt),
        TaskFile = parseResult.GetValue(TaskFile),
    };

    static async Task<string?> ReadPromptAsync(string? text, string? file, CliContext context, CancellationToken cancellationToken)
    {
        if (file is null)
            return text;
        if (file == "-")
            return await context.In.ReadToEndAsync(cancellationToken);
        try
        {
            return await System.IO.File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"cannot read --prompt-file '{file}': {exception.Message}");
        }
    }

    static Dictionary<string, string>? ParseLabels(string[]? texts)
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
