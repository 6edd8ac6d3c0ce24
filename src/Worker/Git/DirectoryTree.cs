namespace Stamina.Worker.Git;

/// <summary>Size and removal of directory trees that agents filled, without following symbolic links.</summary>
static class DirectoryTree
{
    static readonly EnumerationOptions Everything = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint, // links: counted as nothing, never followed
    };

    public static long Size(string path)
    {
        if (!Directory.Exists(path))
            return 0;
        var total = 0L;
        foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", Everything))
        {
            try
            {
                total += file.Length;
            }
            catch (IOException)
            {
                // Deleted while we counted.
            }
        }
        return total;
    }

    /// <summary>Deletes the tree; directories an agent made read-only (Go's module cache does) are opened first.</summary>
    public static void Delete(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
            return;
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            if (OperatingSystem.IsWindows())
                throw;
            foreach (var directory in new DirectoryInfo(path).EnumerateDirectories("*", Everything).Prepend(new DirectoryInfo(path)))
                directory.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Directory.Delete(path, recursive: true);
        }
    }
}
