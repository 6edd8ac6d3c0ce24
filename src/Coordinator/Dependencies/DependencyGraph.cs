namespace Stamina.Coordinator.Dependencies;

/// <summary>
/// The dependencies among the tasks of one batch, by index: each task's list of tasks it runs after. Finds a cycle
/// (named by the tasks' keys, "build -> test -> build") or gives an order in which every task comes after its dependencies.
/// </summary>
public static class DependencyGraph
{
    /// <summary>
    /// Tasks in dependency order (dependencies first, else in the given order), or the first cycle found: the index of
    /// the task whose <c>after</c> closes it, and the keys along it.
    /// </summary>
    public static (IReadOnlyList<int>? Order, (int At, IReadOnlyList<string> Path)? Cycle) Sort(IReadOnlyList<string> keys,
        IReadOnlyList<IReadOnlyList<int>> after)
    {
        var order = new List<int>(keys.Count);
        // 0 not seen, 1 on the current path, 2 done.
        var marks = new int[keys.Count];
        var path = new List<int>();
        for (var start = 0; start < keys.Count; start++)
        {
            if (Visit(start) is { } cycle)
                return (null, cycle);
        }
        return (order, null);

        (int, IReadOnlyList<string>)? Visit(int task)
        {
            if (marks[task] == 2)
                return null;
            if (marks[task] == 1)
            {
                var from = path.IndexOf(task);
                var loop = path.Skip(from).Append(task).Select(i => keys[i]).ToList();
                return (path[^1], loop);
            }
            marks[task] = 1;
            path.Add(task);
            foreach (var dependency in after[task])
            {
                if (Visit(dependency) is { } cycle)
                    return cycle;
            }
            path.RemoveAt(path.Count - 1);
            marks[task] = 2;
            order.Add(task);
            return null;
        }
    }
}
