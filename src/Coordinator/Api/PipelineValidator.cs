using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Stamina.Coordinator.Pipelines;
using Stamina.Coordinator.Submissions;

namespace Stamina.Coordinator.Api;

/// <summary>
/// Checks a task with <c>steps</c>: each step merged onto the task and checked as an item would be (errors keyed
/// <c>steps[i].field</c> for what the step gave, by the field alone for what it took from the task), then the
/// pipeline's own rules: names, reviewers that follow a step to review, the rounds.
/// </summary>
public sealed partial class PipelineValidator(SubmitItemValidator items)
{
    public const int MaxSteps = 20;
    public const int MaxReviewRounds = 10;

    public (PipelinePlan? Plan, IReadOnlyDictionary<string, string[]> Errors) Validate(SubmitItemRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var steps = request.Steps ?? [];
        if (steps.Length is 0 or > MaxSteps)
            errors["steps"] = [$"a pipeline has 1 to {MaxSteps} steps"];
        if (request.After is { Length: > 0 } || request.BaseFrom is not null)
            errors["after"] = ["after and baseFrom are not supported on a task with steps yet; its first step starts from baseRef"];
        var rounds = request.ReviewRounds ?? PipelinePlan.DefaultReviewRounds;
        if (rounds is < 1 or > MaxReviewRounds)
            errors["reviewRounds"] = [$"must be between 1 and {MaxReviewRounds}"];
        var plans = new List<PipelineStepPlan>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            var at = $"steps[{i}]";
            if (step is null)
            {
                errors[at] = ["a step is an object with a name"];
                continue;
            }
            if (step.Name is not { } name || !StepName().IsMatch(name))
                errors[$"{at}.name"] = ["a step name is 1-63 letters, digits, '.', '-' or '_'"];
            else if (!names.Add(name))
                errors[$"{at}.name"] = [$"'{name}' names two steps"];
            var review = step.Review ?? false;
            if (review && i == 0)
                errors[$"{at}.review"] = ["the first step has nothing to review: a reviewer follows the step it reviews"];
            else if (review && steps[i - 1]?.Review == true)
                errors[$"{at}.review"] = ["a reviewer must follow a step that is not a reviewer: that is the step it reviews"];
            var validated = items.Validate(Merge(request, step));
            foreach (var (field, messages) in validated.Errors)
                errors[GivenByStep(request, step, field) ? $"{at}.{field}" : field] = messages;
            if (validated.Command is { } item)
                plans.Add(new PipelineStepPlan { Name = step.Name ?? "", Review = review, Item = item });
        }
        if (errors.Count > 0)
            return (null, errors);
        return (new PipelinePlan { PipelineId = Guid.NewGuid(), ReviewRounds = rounds, Steps = plans }, errors);
    }

    /// <summary>What a pipeline asks for, as a hash, for idempotency keys: its rounds, and each step's name, kind and item.</summary>
    public static string Fingerprint(PipelinePlan plan)
    {
        var text = new StringBuilder($"rounds={plan.ReviewRounds}");
        foreach (var step in plan.Steps)
            text.Append(';').Append(step.Name).Append(step.Review ? ":review:" : ":step:").Append(SubmissionFingerprint.Of(step.Item));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The task's fields with the step's on top; a step's prompt or task file replaces both of the task's.</summary>
    static SubmitItemRequest Merge(SubmitItemRequest task, PipelineStepRequest step)
    {
        var ownTask = step.Prompt is not null || step.TaskFile is not null;
        return task with
        {
            Steps = null,
            ReviewRounds = null,
            After = null,
            BaseFrom = null,
            Prompt = ownTask ? step.Prompt : task.Prompt,
            TaskFile = ownTask ? step.TaskFile : task.TaskFile,
            Harness = step.Harness ?? task.Harness,
            Command = step.Command ?? task.Command,
            Pool = step.Pool ?? task.Pool,
            Priority = step.Priority ?? task.Priority,
            Timeout = step.Timeout ?? task.Timeout,
            MaxAttempts = step.MaxAttempts ?? task.MaxAttempts,
            Model = step.Model ?? task.Model,
            SkillLevel = step.SkillLevel ?? task.SkillLevel,
            MaxTurns = step.MaxTurns ?? task.MaxTurns,
            MaxBudgetUsd = step.MaxBudgetUsd ?? task.MaxBudgetUsd,
            StallTimeout = step.StallTimeout ?? task.StallTimeout,
            AppendSystemPrompt = step.AppendSystemPrompt ?? task.AppendSystemPrompt,
        };
    }

    /// <summary>Whether an error is the step's to fix: it gave the field, or the task it takes it from gave none (a missing prompt).</summary>
    static bool GivenByStep(SubmitItemRequest task, PipelineStepRequest step, string field) => field switch
    {
        "prompt" or "taskFile" => step.Prompt is not null || step.TaskFile is not null || (task.Prompt is null && task.TaskFile is null),
        "harness" => step.Harness is not null,
        "command" => step.Command is not null,
        "pool" => step.Pool is not null,
        "priority" => step.Priority is not null,
        "timeout" => step.Timeout is not null,
        "maxAttempts" => step.MaxAttempts is not null,
        "model" => step.Model is not null,
        "skillLevel" => step.SkillLevel is not null,
        "maxTurns" => step.MaxTurns is not null,
        "maxBudgetUsd" => step.MaxBudgetUsd is not null,
        "stallTimeout" => step.StallTimeout is not null,
        "appendSystemPrompt" => step.AppendSystemPrompt is not null,
        _ => false,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex StepName();
}
