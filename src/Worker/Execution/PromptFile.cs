using System.Text;

namespace Stamina.Worker.Execution;

/// <summary>
/// The task reaches a command on stdin and in a file named by <c>STAMINA_PROMPT_FILE</c>; in
/// <c>STAMINA_PROMPT</c> as well only up to <see cref="EnvironmentLimitBytes"/>, since the kernel refuses a
/// single environment string over 128 KiB (E2BIG) and the API accepts prompts of 1 MiB. The file lives under
/// the work directory, outside the worktree, so it is never committed, and goes when the attempt ends.
/// </summary>
public static class PromptFile
{
    /// <summary>The largest task, in UTF-8 bytes, also put in <c>STAMINA_PROMPT</c>.</summary>
    public const int EnvironmentLimitBytes = 32 * 1024;

    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The attempt's prompt file, named after its worktree (both are per attempt's item, derived from ids).</summary>
    public static string PathFor(string workDir, string worktree) =>
        Path.Combine(workDir, "prompts", Path.GetFileName(Path.TrimEndingDirectorySeparator(worktree)) + ".txt");

    /// <summary>Writes the task and sets the command's variables.</summary>
    public static void Provide(string path, string task, IDictionary<string, string?> environment)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory);
        else
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly;
        using (var writer = new StreamWriter(path, new UTF8Encoding(false), options))
            writer.Write(task);
        environment["STAMINA_PROMPT_FILE"] = path;
        // Null removes a value the worker itself may have inherited.
        environment["STAMINA_PROMPT"] = Encoding.UTF8.GetByteCount(task) <= EnvironmentLimitBytes ? task : null;
    }

    /// <summary>Removes the file; a failure leaves a file the next attempt overwrites, never fails the attempt.</summary>
    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: the file is outside the worktree and readable by the worker's user only.
        }
    }
}
