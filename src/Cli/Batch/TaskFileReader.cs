using System.Text.RegularExpressions;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stamina.Cli.Batch;

/// <summary>
/// Reads a task file (<c>stamina submit -f tasks.yml</c>): either a list of tasks, or <c>{ defaults: {...}, tasks: [...] }</c>.
/// The whole file is read and checked before anything is sent, and every problem is reported with its line and
/// column, so a batch is submitted entirely or not at all (as far as the CLI can tell; the coordinator has the last word).
/// </summary>
static partial class TaskFileReader
{
    const string DefaultsKey = "defaults";
    const string TasksKey = "tasks";

    public static async Task<IReadOnlyList<BatchTask>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"cannot read --file '{path}': {exception.Message}");
        }
        var reader = new Reader(path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        var tasks = reader.Read(text);
        if (reader.Problems.Count > 0)
            throw new TaskFileException(reader.Problems);
        return tasks;
    }

    /// <summary>YamlDotNet prefixes its messages with "(Line: 7, Col: 5, Idx: 80) - (Line: ...): "; the location is printed our way instead.</summary>
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex YamlLocationPrefix();

    sealed class Reader(string fileName, string directory)
    {
        readonly Dictionary<string, string?> promptFiles = new(StringComparer.Ordinal);

        public List<string> Problems { get; } = [];

        public IReadOnlyList<BatchTask> Read(string text)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException exception)
            {
                Problem(exception.Start, null, YamlLocationPrefix().Replace(exception.Message, ""));
                return [];
            }
            if (stream.Documents.Count != 1)
            {
                Problem(stream.Documents.Count == 0 ? Mark.Empty : stream.Documents[1].RootNode.Start, null,
                    stream.Documents.Count == 0 ? "the file is empty; expected a list of tasks" : "expected one YAML document, found several");
                return [];
            }

            var root = stream.Documents[0].RootNode;
            YamlSequenceNode? taskList = null;
            var defaults = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
            switch (root)
            {
                case YamlSequenceNode list:
                    taskList = list;
                    break;
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        var name = (key as YamlScalarNode)?.Value;
                        if (name == DefaultsKey && value is YamlMappingNode defaultsNode)
                            defaults = ReadFields(defaultsNode, DefaultsKey);
                        else if (name == DefaultsKey)
                            Problem(value.Start, DefaultsKey, $"expected a mapping of task fields, got {TaskFields.Describe(value)}");
                        else if (name == TasksKey && value is YamlSequenceNode tasksNode)
                            taskList = tasksNode;
                        else if (name == TasksKey)
                            Problem(value.Start, TasksKey, $"expected a list of tasks, got {TaskFields.Describe(value)}");
                        else
                            Problem(key.Start, null, $"unknown key {TaskFields.Describe(key)}; the top level has only '{DefaultsKey}' and '{TasksKey}'");
                    }
                    if (taskList is null && !mapping.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == TasksKey))
                        Problem(root.Start, null, $"no '{TasksKey}' list");
                    break;
                default:
                    Problem(root.Start, null, $"expected a list of tasks, or a mapping with '{DefaultsKey}' and '{TasksKey}', got {TaskFields.Describe(root)}");
                    break;
            }
            if (taskList is null)
                return [];
            var defaultsAreWrong = Problems.Count > 0;
            if (taskList.Children.Count == 0)
                Problem(taskList.Start, TasksKey, "the list of tasks is empty");

            var tasks = new List<BatchTask>();
            for (var index = 0; index < taskList.Children.Count; index++)
            {
                var node = taskList.Children[index];
                var name = $"{TasksKey}[{index}]";
                if (node is not YamlMappingNode taskNode)
                {
                    Problem(node.Start, name, $"expected a mapping of task fields, got {TaskFields.Describe(node)}");
                    continue;
                }
                var problemsBefore = Problems.Count;
                var fields = Merge(defaults, ReadFields(taskNode, name));
                // A value already reported would only add confusing follow-on messages (a bad harness is not "no command").
                var checkRules = !defaultsAreWrong && Problems.Count == problemsBefore;
                if (Build(index, Location(taskNode.Start), name, fields, checkRules) is { } task)
                    tasks.Add(task);
            }
            if (Problems.Count == 0)
                Problems.AddRange(TaskDependencies.Check(tasks));
            return tasks;
        }

        Dictionary<string, FieldValue> ReadFields(YamlMappingNode mapping, string path)
        {
            var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
            foreach (var (key, value) in mapping.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!TaskFields.Readers.TryGetValue(name, out var read))
                {
                    Problem(key.Start, path, $"unknown key {TaskFields.Describe(key)}; known keys: {TaskFields.KnownKeys}");
                    continue;
                }
                if (path == DefaultsKey && TaskFields.TaskOnly.Contains(name))
                {
                    Problem(key.Start, $"{path}.{name}", "belongs to one task; give it in the task, not in the defaults");
                    continue;
                }
                var (parsed, error) = read(value);
                if (error is not null)
                    Problem(value.Start, $"{path}.{name}", error);
                else if (parsed is not null)
                    fields[name] = new FieldValue(parsed, Location(value.Start), $"{path}.{name}");
            }
            return fields;
        }

        /// <summary>The task's fields over the defaults. A task's own prompt source replaces both of the defaults'; labels add up.</summary>
        static Dictionary<string, FieldValue> Merge(Dictionary<string, FieldValue> defaults, Dictionary<string, FieldValue> task)
        {
            var merged = new Dictionary<string, FieldValue>(defaults, StringComparer.Ordinal);
            if (task.ContainsKey(TaskFields.Prompt) || task.ContainsKey(TaskFields.PromptFile))
            {
                merged.Remove(TaskFields.Prompt);
                merged.Remove(TaskFields.PromptFile);
            }
            foreach (var (key, value) in task)
            {
                if (key == TaskFields.Labels && merged.TryGetValue(key, out var inherited))
                {
                    var labels = new Dictionary<string, string>((Dictionary<string, string>)inherited.Value, StringComparer.Ordinal);
                    foreach (var (label, text) in (Dictionary<string, string>)value.Value)
                        labels[label] = text;
                    merged[key] = value with { Value = labels };
                }
                else
                {
                    merged[key] = value;
                }
            }
            return merged;
        }

        BatchTask? Build(int index, string location, string name, Dictionary<string, FieldValue> fields, bool checkRules)
        {
            var problemsBefore = Problems.Count;
            string? Text(string key) => fields.TryGetValue(key, out var field) ? (string)field.Value : null;
            int? WholeNumber(string key) => fields.TryGetValue(key, out var field) ? (int)field.Value : null;

            var repo = Text("repo");
            if (string.IsNullOrWhiteSpace(repo))
                Problems.Add($"{location}: {name}.repo: missing; give it in the task or in '{DefaultsKey}'");
            if (fields.TryGetValue(TaskFields.Prompt, out var promptText) && fields.TryGetValue(TaskFields.PromptFile, out var both))
                Problems.Add($"{both.Location}: {both.Path}: give prompt or promptFile, not both (prompt at {promptText.Location})");
            var prompt = Text(TaskFields.Prompt);
            if (fields.TryGetValue(TaskFields.PromptFile, out var promptFile))
                prompt = ReadPromptFile(promptFile);

            var command = fields.TryGetValue("command", out var argv) ? (List<string>)argv.Value : null;
            // A pipeline's steps bring their own prompts and commands: the coordinator checks each step merged onto the task.
            var ruleProblems = checkRules && !fields.ContainsKey(TaskFields.Steps)
                ? SubmitRules.CheckHarness(Text("harness"), command is not null, prompt is not null || promptFile is not null, fields.ContainsKey("taskFile"))
                : [];
            foreach (var (field, message) in ruleProblems)
            {
                var at = fields.TryGetValue(field == "prompt" ? "harness" : field, out var culprit) ? culprit : null;
                Problems.Add($"{at?.Location ?? location}: {at?.Path ?? $"{name}.{field}"}: {message}");
            }
            if (Problems.Count > problemsBefore || !checkRules)
                return null;

            var taskName = fields.GetValueOrDefault(TaskFields.Name);
            return new BatchTask(index, location, new SubmitItemRequest
            {
                // Relative to the task file, like its prompt files: the batch and its repositories move together.
                Repo = RepoText.Resolve(repo!, directory, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)),
                Prompt = prompt,
                Harness = Text("harness"),
                Command = command,
                BaseRef = Text("baseRef"),
                Pool = Text("pool"),
                Priority = WholeNumber("priority"),
                Timeout = Text("timeout")?.Trim(),
                MaxAttempts = WholeNumber("maxAttempts"),
                Labels = fields.TryGetValue(TaskFields.Labels, out var labels) ? (Dictionary<string, string>)labels.Value : null,
                Model = Text("model"),
                SkillLevel = Text("skillLevel"),
                MaxTurns = WholeNumber("maxTurns"),
                MaxBudgetUsd = fields.TryGetValue("maxBudgetUsd", out var budget) ? (decimal)budget.Value : null,
                StallTimeout = Text("stallTimeout")?.Trim(),
                AppendSystemPrompt = Text("appendSystemPrompt"),
                TaskFile = Text("taskFile"),
                Steps = fields.TryGetValue(TaskFields.Steps, out var steps) ? (List<PipelineStepRequest>)steps.Value : null,
                ReviewRounds = WholeNumber("reviewRounds"),
                After = fields.TryGetValue(TaskFields.After, out var after) ? (List<string>)after.Value : null,
                BaseFrom = Text(TaskFields.BaseFrom),
                OnDependencyFailure = Text("onDependencyFailure"),
            })
            {
                Key = taskName is null ? name : (string)taskName.Value,
                NameField = taskName,
                AfterField = fields.GetValueOrDefault(TaskFields.After),
                BaseFromField = fields.GetValueOrDefault(TaskFields.BaseFrom),
            };
        }

        /// <summary>Relative to the task file, so a batch and its prompts can move together. Read once however many tasks share it.</summary>
        string? ReadPromptFile(FieldValue field)
        {
            var relative = (string)field.Value;
            var full = Path.GetFullPath(Path.Combine(directory, relative));
            if (!promptFiles.TryGetValue(full, out var content))
            {
                try
                {
                    content = File.ReadAllText(full);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    content = null;
                    Problems.Add($"{field.Location}: {field.Path}: cannot read '{relative}': {exception.Message}");
                }
                promptFiles[full] = content;
            }
            else if (content is null)
            {
                Problems.Add($"{field.Location}: {field.Path}: cannot read '{relative}'");
            }
            return content;
        }

        string Location(Mark mark) => $"{fileName}:{mark.Line}:{mark.Column}";

        void Problem(Mark mark, string? path, string message) =>
            Problems.Add(path is null ? $"{Location(mark)}: {message}" : $"{Location(mark)}: {path}: {message}");
    }
}
