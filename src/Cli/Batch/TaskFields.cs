using System.Globalization;
using System.Text.Json;
using Stamina.Cli.Parsing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stamina.Cli.Batch;

/// <summary>The keys a task (or the defaults) may have, and how each value is read and checked.</summary>
static partial class TaskFields
{
    public const string Prompt = "prompt";
    public const string PromptFile = "promptFile";
    public const string Labels = "labels";
    public const string Name = "name";
    public const string After = "after";
    public const string BaseFrom = "baseFrom";

    /// <summary>Fields that belong to one task: they make no sense in <c>defaults</c>.</summary>
    public static readonly IReadOnlyList<string> TaskOnly = [Name, After, BaseFrom];

    static readonly string[] Policies = ["skip", "run"];
    public const string Steps = "steps";

    /// <summary>A reader turns a YAML value into the request's value, or says what is wrong; (null, null) is an explicit null: unset.</summary>
    public static readonly IReadOnlyDictionary<string, Func<YamlNode, (object? Value, string? Error)>> Readers =
        new Dictionary<string, Func<YamlNode, (object? Value, string? Error)>>(StringComparer.Ordinal)
        {
            ["repo"] = Text,
            [Prompt] = Text,
            [PromptFile] = Text,
            ["harness"] = node => Checked<string>(Text(node), value => SubmitRules.Harnesses.Contains(value, StringComparer.Ordinal)
                ? null
                : $"unknown harness '{value}'; known: {string.Join(", ", SubmitRules.Harnesses)}"),
            ["command"] = Command,
            ["baseRef"] = Text,
            ["pool"] = Text,
            ["priority"] = node => Checked<int>(WholeNumber(node), SubmitRules.CheckPriority),
            ["timeout"] = Duration,
            ["maxAttempts"] = node => Checked<int>(WholeNumber(node), SubmitRules.CheckMaxAttempts),
            [Labels] = LabelMap,
            ["model"] = Text,
            ["skillLevel"] = node => Checked<string>(Text(node), SubmitRules.CheckSkillLevel),
            ["maxTurns"] = node => Checked<int>(WholeNumber(node), SubmitRules.CheckMaxTurns),
            ["maxBudgetUsd"] = node => Checked<decimal>(Number(node), SubmitRules.CheckMaxBudget),
            ["stallTimeout"] = Duration,
            ["appendSystemPrompt"] = Text,
            ["taskFile"] = Text,
            [Name] = node => Checked<string>(Text(node), value => TaskName().IsMatch(value)
                ? null
                : "a task name is 1-63 letters, digits, '.', '-' or '_', starting with a letter or digit"),
            [After] = NameList,
            [BaseFrom] = Text,
            ["onDependencyFailure"] = node => Checked<string>(Text(node), value => Policies.Contains(value, StringComparer.Ordinal)
                ? null
                : $"must be {string.Join(" or ", Policies)}, got {Describe(node)}"),
            [Steps] = StepFields.Read,
            ["reviewRounds"] = WholeNumber,
        };

    public static string KnownKeys => string.Join(", ", Readers.Keys);

    /// <summary>How a value is named in a message: a scalar quoted as JSON would, anything else by its kind.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar when IsNull(scalar) => "nothing",
        YamlScalarNode scalar => JsonSerializer.Serialize(scalar.Value ?? ""),
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    static (object? Value, string? Error) Text(YamlNode node) => node switch
    {
        YamlScalarNode scalar when IsNull(scalar) => (null, null),
        YamlScalarNode scalar => (scalar.Value ?? "", null),
        _ => (null, $"expected text, got {Describe(node)}"),
    };

    static (object? Value, string? Error) WholeNumber(YamlNode node) => node switch
    {
        YamlScalarNode scalar when IsNull(scalar) => (null, null),
        YamlScalarNode scalar when int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            => (value, null),
        _ => (null, $"expected a whole number, got {Describe(node)}"),
    };

    static (object? Value, string? Error) Number(YamlNode node) => node switch
    {
        YamlScalarNode scalar when IsNull(scalar) => (null, null),
        YamlScalarNode scalar when decimal.TryParse(scalar.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out var value) => (value, null),
        _ => (null, $"expected a number, got {Describe(node)}"),
    };

    static (object? Value, string? Error) Duration(YamlNode node) => Checked<string>(Text(node), value => DurationText.TryParse(value, out _)
        ? null
        : $"expected a duration such as 90s, 30m, 2h or hh:mm:ss, got {Describe(node)}");

    static (object? Value, string? Error) Command(YamlNode node)
    {
        if (node is YamlScalarNode scalar && IsNull(scalar))
            return (null, null);
        if (node is not YamlSequenceNode list)
            return (null, $"expected a list of arguments such as [make, test], got {Describe(node)}");
        var argv = new List<string>();
        foreach (var argument in list.Children)
        {
            if (argument is not YamlScalarNode text || IsNull(text))
                return (null, $"every argument must be text, got {Describe(argument)}");
            argv.Add(text.Value ?? "");
        }
        return argv.Count == 0 ? (null, "the list of arguments is empty") : (argv, null);
    }

    /// <summary>Task names: a list, or one name alone.</summary>
    static (object? Value, string? Error) NameList(YamlNode node)
    {
        if (node is YamlScalarNode scalar)
            return IsNull(scalar) ? (null, null) : (new List<string> { scalar.Value ?? "" }, null);
        if (node is not YamlSequenceNode list)
            return (null, $"expected a list of task names such as [build, test], got {Describe(node)}");
        var names = new List<string>();
        foreach (var entry in list.Children)
        {
            if (entry is not YamlScalarNode text || IsNull(text))
                return (null, $"every entry must be a task name, got {Describe(entry)}");
            names.Add(text.Value ?? "");
        }
        return (names, null);
    }

    static (object? Value, string? Error) LabelMap(YamlNode node)
    {
        if (node is YamlScalarNode scalar && IsNull(scalar))
            return (null, null);
        if (node is not YamlMappingNode mapping)
            return (null, $"expected a mapping of key: value, got {Describe(node)}");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode keyText || IsNull(keyText) || value is not YamlScalarNode valueText)
                return (null, $"every label must be text: text, got {Describe(key)}: {Describe(value)}");
            labels[keyText.Value!] = IsNull(valueText) ? "" : valueText.Value ?? "";
        }
        return (labels, null);
    }

    static (object? Value, string? Error) Checked<T>((object? Value, string? Error) read, Func<T, string?> check) =>
        read is { Value: T value, Error: null } && check(value) is { } problem ? (null, problem) : read;

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial System.Text.RegularExpressions.Regex TaskName();
}
