namespace Stamina.Worker.Git;

/// <summary>The commit has no file at the task file's path.</summary>
public sealed class TaskFileNotFoundException(string path, string commit)
    : TaskFileException($"The task file '{path}' does not exist in commit {commit}.")
{
    public string Path { get; } = path;

    public string Commit { get; } = commit;
}
