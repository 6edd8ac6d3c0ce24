using Stamina.Coordinator.Dependencies;

namespace Stamina.Cli.Batch;

/// <summary>
/// The names of a task file, checked before anything is sent: unique, every <c>after</c> naming a task of the file (or an
/// existing item by id), <c>baseFrom</c> one of <c>after</c>, and no cycle. Each problem names the task and its line.
/// The coordinator checks the same again (it has the last word); here the messages can point into the file.
/// </summary>
static class TaskDependencies
{
    public static IReadOnlyList<string> Check(IReadOnlyList<BatchTask> tasks)
    {
        var problems = new List<string>();
        var byName = new Dictionary<string, BatchTask>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (byName.TryAdd(task.Key, task))
                continue;
            var named = task.NameField;
            problems.Add($"{named?.Location ?? task.Location}: {named?.Path ?? task.Name}: '{task.Key}' is the name of {byName[task.Key].Name} too; names are unique in a file");
        }
        if (problems.Count > 0)
            return problems;

        foreach (var task in tasks)
        {
            var after = task.Request.After ?? [];
            foreach (var name in after.Where(n => !byName.ContainsKey(n) && !Guid.TryParse(n, out _)))
                problems.Add($"{task.AfterField!.Location}: {task.AfterField.Path}: no task named '{name}' in this file");
            foreach (var name in after.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
                problems.Add($"{task.AfterField!.Location}: {task.AfterField.Path}: '{name}' is named twice");
            if (task.BaseFromField is { } baseFrom && !after.Contains((string)baseFrom.Value, StringComparer.Ordinal))
                problems.Add($"{baseFrom.Location}: {baseFrom.Path}: '{baseFrom.Value}' is not in after; a task can start only from the branch of a task it runs after");
        }
        if (problems.Count > 0)
            return problems;

        var indexOf = tasks.Select((task, index) => (task.Key, index)).ToDictionary(p => p.Key, p => p.index, StringComparer.Ordinal);
        var edges = tasks.Select(t => (IReadOnlyList<int>)[.. (t.Request.After ?? []).Where(indexOf.ContainsKey).Select(n => indexOf[n])]).ToList();
        var (_, cycle) = DependencyGraph.Sort([.. tasks.Select(t => t.Key)], edges);
        if (cycle is var (at, path))
        {
            var field = tasks[at].AfterField!;
            problems.Add($"{field.Location}: {field.Path}: cycle {string.Join(" -> ", path)}");
        }
        return problems;
    }
}
