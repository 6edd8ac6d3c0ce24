using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Coordinator.Dependencies;
using Stamina.Coordinator.WorkItems.Commands;
using Stamina.ServiceDefaults.Validation;

namespace Stamina.Coordinator.Api;

/// <summary>Checks a submission field by field; every error names its field and what is wrong.</summary>
public sealed partial class SubmitItemValidator(IOptions<ApiSettings> settings)
{
    static readonly string[] KnownHarnesses = ["command", "claude", "codex", "gemini"];
    static readonly string[] SkillLevels = ["junior", "senior", "principal"];

    public ValidatedSubmission Validate(SubmitItemRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        // The shared rules (repository address, git ref, task file) name the field themselves for the worker's
        // messages; the API's errors are keyed by field already, so the name appears once.
        void Fail(string field, string message) =>
            errors[field] = [message.StartsWith(field + ": ", StringComparison.Ordinal) ? message[(field.Length + 2)..] : message];
        var limits = settings.Value;

        if (!RepositoryAddress.TryParse(request.Repo, limits.AllowedLocalRoots, out var repo, out var repoError))
            Fail("repo", repoError);

        var harness = request.Harness ?? "command";
        if (!KnownHarnesses.Contains(harness))
            Fail("harness", $"unknown harness '{Printable(harness)}'; known: {string.Join(", ", KnownHarnesses)}");

        var command = request.Command ?? [];
        if (harness == "command")
        {
            if (command.Length == 0)
                Fail("command", "the command harness needs a command: a non-empty array of arguments");
            else if (command.Length > limits.MaxCommandArguments)
                Fail("command", $"at most {limits.MaxCommandArguments} arguments");
            else if (command.Any(a => a is null || a.Contains('\0') || a.Length > 4096))
                Fail("command", "arguments must be strings of at most 4096 characters without NUL");
            else if (command[0]!.Length == 0)
                Fail("command", "the first argument (the program) is empty");
        }

        else if (command.Length > 0)
        {
            Fail("command", $"the {harness} harness runs its agent; a command is only for the command harness");
        }

        var agent = ValidateAgent(request, harness, Fail);

        var prompt = request.Prompt ?? "";
        var promptBytes = Encoding.UTF8.GetByteCount(prompt);
        if (promptBytes > limits.MaxPromptBytes)
            Fail("prompt", $"the prompt is {promptBytes:N0} bytes; the limit is {limits.MaxPromptBytes:N0}");
        else if (prompt.Contains('\0'))
            Fail("prompt", "the prompt contains a NUL character");

        var baseRef = request.BaseRef ?? "HEAD";
        if (baseRef != "HEAD" && !GitRefRules.IsValidBaseRef(baseRef, out var refError))
            Fail("baseRef", refError);

        var pool = request.Pool ?? "default";
        if (!PoolName().IsMatch(pool))
            Fail("pool", "a pool name is 1-63 characters: lowercase letters, digits, '-' and '_', starting with a letter or digit");

        var priority = request.Priority ?? 0;
        if (priority is < -1000 or > 1000)
            Fail("priority", "must be between -1000 and 1000");

        var maxAttempts = request.MaxAttempts ?? 3;
        if (maxAttempts is < 1 or > 20)
            Fail("maxAttempts", "must be between 1 and 20");

        var timeout = limits.DefaultTimeout;
        if (request.Timeout is { } timeoutValue && !DurationText.TryParse(timeoutValue, out timeout, out var timeoutError))
            Fail("timeout", timeoutError);
        else if (timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromDays(1))
            Fail("timeout", "must be between 1 second and 24 hours");

        var labels = request.Labels ?? [];
        if (labels.Count > 32)
            Fail("labels", "at most 32 labels");
        else if (labels.Any(l => !LabelKey().IsMatch(l.Key) || l.Value is null || l.Value.Length > 256 || l.Value.Any(char.IsControl)))
            Fail("labels", "keys are 1-63 letters, digits, '.', '-' or '_'; values are strings of at most 256 printable characters");

        var policy = ValidateDependencies(request, Fail);

        if (harness != "command" && prompt.Length == 0 && agent.TaskFile is null && !errors.ContainsKey("taskFile"))
            Fail("prompt", $"the {harness} harness needs a prompt or a taskFile");

        if (errors.Count > 0)
            return new ValidatedSubmission(null, errors);

        var spec = new WorkItemSpec
        {
            Repo = repo!.Value,
            BaseRef = baseRef,
            Harness = harness,
            Command = [.. command.Select(a => a!)],
            Prompt = prompt,
            Timeout = timeout,
            Labels = labels.ToDictionary(l => l.Key, l => l.Value!),
            Agent = agent,
        };
        return new ValidatedSubmission(new SubmitWorkItem
        {
            WorkItemId = Guid.NewGuid(),
            Spec = spec,
            Pool = pool,
            Priority = priority,
            MaxAttempts = maxAttempts,
            OnDependencyFailure = policy,
        }, errors);
    }

    /// <summary>
    /// The shape of <c>after</c>, <c>baseFrom</c> and <c>onDependencyFailure</c>. What the names in <c>after</c> refer to
    /// (items, or tasks of a batch) is resolved by the caller, which knows which names exist.
    /// </summary>
    static string ValidateDependencies(SubmitItemRequest request, Action<string, string> fail)
    {
        var policy = request.OnDependencyFailure ?? DependencyPolicies.Skip;
        if (!DependencyPolicies.All.Contains(policy))
            fail("onDependencyFailure", $"must be {string.Join(" or ", DependencyPolicies.All)}, not '{Printable(policy)}'");
        var after = request.After ?? [];
        if (after.Length > MaxDependencies)
            fail("after", $"at most {MaxDependencies} dependencies");
        else if (after.Any(string.IsNullOrWhiteSpace))
            fail("after", "every entry must be an item id (or, in a batch, a task's key)");
        else if (after.Distinct(StringComparer.Ordinal).Count() != after.Length)
            fail("after", $"'{Printable(after.GroupBy(a => a, StringComparer.Ordinal).First(g => g.Count() > 1).Key)}' is named twice");
        if (request.BaseFrom is { } baseFrom && !after.Contains(baseFrom, StringComparer.Ordinal))
            fail("baseFrom", $"'{Printable(baseFrom)}' is not one of after; an item can start only from a dependency's branch");
        return policy;
    }

    const int MaxDependencies = 100;

    static AgentOptions ValidateAgent(SubmitItemRequest request, string harness, Action<string, string> fail)
    {
        if (request.Model is { } model && (model.Length is 0 or > 200 || model[0] == '-' || model.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
            fail("model", "a model name is 1-200 characters without spaces or control characters, not starting with '-'");
        if (request.SkillLevel is { } level && !SkillLevels.Contains(level))
            fail("skillLevel", $"unknown skill level '{Printable(level)}'; known: {string.Join(", ", SkillLevels)}");
        if (request.MaxTurns is < 1 or > 10_000)
            fail("maxTurns", "must be between 1 and 10000");
        if (request.MaxBudgetUsd is <= 0 or > 10_000)
            fail("maxBudgetUsd", "must be more than 0 and at most 10000");
        TimeSpan? stall = null;
        if (request.StallTimeout is { } stallValue)
        {
            if (!DurationText.TryParse(stallValue, out var parsed, out var stallError))
                fail("stallTimeout", stallError);
            else if (parsed < TimeSpan.FromSeconds(1) || parsed > TimeSpan.FromDays(1))
                fail("stallTimeout", "must be between 1 second and 24 hours");
            else
                stall = parsed;
        }
        if (request.AppendSystemPrompt is { } system && (Encoding.UTF8.GetByteCount(system) > 64 * 1024 || system.Contains('\0')))
            fail("appendSystemPrompt", "at most 64 KiB of text without NUL characters");
        if (request.TaskFile is { } taskFile && !TaskFilePath.IsValid(taskFile, out var taskFileError))
            fail("taskFile", taskFileError);
        if (harness == "command" && (request.Model ?? request.SkillLevel ?? request.AppendSystemPrompt) is not null)
            fail("harness", "model, skillLevel and appendSystemPrompt need an agent harness (claude, codex or gemini)");
        if (request.TaskFile is not null && !string.IsNullOrEmpty(request.Prompt))
            fail("taskFile", "give a prompt or a taskFile, not both");
        return new AgentOptions
        {
            Model = request.Model,
            SkillLevel = request.SkillLevel,
            MaxTurns = request.MaxTurns,
            MaxBudgetUsd = request.MaxBudgetUsd,
            StallTimeout = stall,
            AppendSystemPrompt = request.AppendSystemPrompt,
            TaskFile = request.TaskFile,
        };
    }

    static string Printable(string text) => new([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    internal static partial Regex PoolName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex LabelKey();
}
