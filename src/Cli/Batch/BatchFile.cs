using Stamina.Cli.Api;

namespace Stamina.Cli.Batch;

/// <summary>
/// A task file as one <c>POST /api/batches</c> request: every task checked (TaskFileReader's errors, with lines), each
/// keyed by its name (else <c>tasks[i]</c>), its <c>after</c>/<c>baseFrom</c> naming those keys. Used by <c>stamina submit
/// -f</c> and by whatever else turns a file into batches (a schedule).
/// </summary>
sealed record BatchFile(BatchRequest Request, IReadOnlyList<BatchTask> Tasks)
{
    /// <exception cref="TaskFileException">The file has mistakes: each with its line; nothing should be sent.</exception>
    /// <exception cref="CliException">The file cannot be read.</exception>
    public static async Task<BatchFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var tasks = await TaskFileReader.ReadAsync(path, cancellationToken);
        return new BatchFile(ToRequest(Path.GetFileName(path), tasks), tasks);
    }

    /// <summary>The request for already read tasks, named after the file.</summary>
    public static BatchRequest ToRequest(string name, IReadOnlyList<BatchTask> tasks) => new()
    {
        Name = name,
        Items = [.. tasks.Select(task => ToItem(task))],
    };

    static BatchItemRequest ToItem(BatchTask task)
    {
        var request = task.Request;
        return new BatchItemRequest
        {
            Key = task.Key,
            Repo = request.Repo,
            Prompt = request.Prompt,
            Harness = request.Harness,
            Command = request.Command,
            BaseRef = request.BaseRef,
            Pool = request.Pool,
            Priority = request.Priority,
            Timeout = request.Timeout,
            MaxAttempts = request.MaxAttempts,
            Labels = request.Labels,
            Model = request.Model,
            SkillLevel = request.SkillLevel,
            MaxTurns = request.MaxTurns,
            MaxBudgetUsd = request.MaxBudgetUsd,
            StallTimeout = request.StallTimeout,
            AppendSystemPrompt = request.AppendSystemPrompt,
            TaskFile = request.TaskFile,
            After = request.After,
            BaseFrom = request.BaseFrom,
            OnDependencyFailure = request.OnDependencyFailure,
            Steps = request.Steps,
            ReviewRounds = request.ReviewRounds,
        };
    }
}
