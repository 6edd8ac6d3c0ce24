using System.Diagnostics.CodeAnalysis;

namespace Stamina.ServiceDefaults.Validation;

/// <summary>
/// A file of the repository that holds an item's task, read by the worker from the base commit with
/// <c>git cat-file</c> as <c>{commit}:{path}</c>. Only plain relative paths pass: a leading '/' or
/// <c>./</c> means something else to git (root, or relative to the current directory), '-' would read as
/// an option, and <c>..</c> or <c>.git</c> have no business in a task's name.
/// </summary>
public static class TaskFilePath
{
    public const int MaxLength = 1024;

    public static bool IsValid(string? path, [NotNullWhen(false)] out string? error)
    {
        error = Problem(path);
        if (error is null)
            return true;
        error = $"taskFile: {error}";
        return false;
    }

    static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "is required";
        if (path.Length > MaxLength)
            return $"is longer than {MaxLength} characters";
        if (path.Any(char.IsControl))
            return "must not contain control characters";
        if (path.Contains('\\', StringComparison.Ordinal))
            return "must use '/' between folders, not '\\'";
        if (path.StartsWith('/'))
            return "must be relative to the repository root, not start with '/'";
        if (path.StartsWith('-'))
            return "must not start with '-'";
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
                return "must not contain empty parts ('//' or a trailing '/')";
            if (segment is "." or "..")
                return $"must not contain a '{segment}' part";
            if (segment.Equals(".git", StringComparison.OrdinalIgnoreCase))
                return "must not be inside '.git'";
        }
        return null;
    }
}
