using Stamina.Cli.Api;
using YamlDotNet.RepresentationModel;

namespace Stamina.Cli.Batch;

/// <summary>
/// A task's <c>steps:</c> list: each step a mapping with a <c>name</c>, <c>review: true</c> for a reviewer, and the task
/// fields it overrides (read and checked as the task's own are). The first problem is reported, naming the step and key.
/// </summary>
static class StepFields
{
    const string Name = "name";
    const string Review = "review";

    /// <summary>Task fields a step may override; the others (repo, baseRef, labels…) belong to the whole pipeline.</summary>
    static readonly string[] Overridable =
    [
        TaskFields.Prompt, "harness", "command", "pool", "priority", "timeout", "maxAttempts", "model", "skillLevel", "maxTurns",
        "maxBudgetUsd", "stallTimeout", "appendSystemPrompt", "taskFile",
    ];

    public static string KnownKeys => string.Join(", ", new[] { Name, Review }.Concat(Overridable));

    public static (object? Value, string? Error) Read(YamlNode node)
    {
        if (node is not YamlSequenceNode list)
            return (null, $"expected a list of steps (each with a name and a prompt), got {TaskFields.Describe(node)}");
        if (list.Children.Count == 0)
            return (null, "the list of steps is empty");
        var steps = new List<PipelineStepRequest>();
        for (var index = 0; index < list.Children.Count; index++)
        {
            var (step, error) = ReadStep(list.Children[index]);
            if (error is not null)
                return (null, $"steps[{index}] (line {list.Children[index].Start.Line}): {error}");
            steps.Add(step!);
        }
        return (steps, null);
    }

    static (PipelineStepRequest? Step, string? Error) ReadStep(YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
            return (null, $"expected a mapping with a name and a prompt, got {TaskFields.Describe(node)}");
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        string? name = null;
        bool? review = null;
        foreach (var (key, value) in mapping.Children)
        {
            var field = (key as YamlScalarNode)?.Value ?? "";
            if (field == Name)
            {
                name = (value as YamlScalarNode)?.Value;
                if (string.IsNullOrWhiteSpace(name))
                    return (null, $"name: expected text, got {TaskFields.Describe(value)}");
            }
            else if (field == Review)
            {
                review = (value as YamlScalarNode)?.Value switch
                {
                    "true" or "True" or "yes" => true,
                    "false" or "False" or "no" => false,
                    _ => null,
                };
                if (review is null)
                    return (null, $"review: expected true or false, got {TaskFields.Describe(value)}");
            }
            else if (Overridable.Contains(field))
            {
                var (parsed, error) = TaskFields.Readers[field](value);
                if (error is not null)
                    return (null, $"{field}: {error}");
                if (parsed is not null)
                    values[field] = parsed;
            }
            else
            {
                return (null, $"unknown key {TaskFields.Describe(key)}; a step may have: {KnownKeys}");
            }
        }
        if (name is null)
            return (null, "a step needs a name");
        T? Get<T>(string key) => values.TryGetValue(key, out var value) ? (T)value : default;
        return (new PipelineStepRequest
        {
            Name = name,
            Review = review,
            Prompt = Get<string>(TaskFields.Prompt),
            Harness = Get<string>("harness"),
            Command = Get<List<string>>("command"),
            Pool = Get<string>("pool"),
            Priority = values.TryGetValue("priority", out var priority) ? (int)priority : null,
            Timeout = Get<string>("timeout")?.Trim(),
            MaxAttempts = values.TryGetValue("maxAttempts", out var attempts) ? (int)attempts : null,
            Model = Get<string>("model"),
            SkillLevel = Get<string>("skillLevel"),
            MaxTurns = values.TryGetValue("maxTurns", out var turns) ? (int)turns : null,
            MaxBudgetUsd = values.TryGetValue("maxBudgetUsd", out var budget) ? (decimal)budget : null,
            StallTimeout = Get<string>("stallTimeout")?.Trim(),
            AppendSystemPrompt = Get<string>("appendSystemPrompt"),
            TaskFile = Get<string>("taskFile"),
        }, null);
    }
}
