namespace Stamina.ServiceDefaults.Hosting;

/// <summary>
/// An exclusive lock on a directory: a lock file opened with <see cref="FileShare.None"/>, which .NET takes
/// as <c>flock(LOCK_EX | LOCK_NB)</c> on Unix. The kernel drops it when the process dies, even by
/// <c>kill -9</c>, so holding it proves that no other live process uses the directory, and taking it
/// proves that whoever used it before is dead. The holder's pid is written beside it (<c>.lock.pid</c>;
/// .NET takes a shared lock to read a file, which the exclusive one refuses), for the refused one's message.
/// </summary>
public sealed class DirectoryLock : IDisposable
{
    public const string FileName = ".lock";
    const string PidFileName = ".lock.pid";

    readonly FileStream stream;

    DirectoryLock(string directory, FileStream stream)
    {
        Directory = directory;
        this.stream = stream;
    }

    public string Directory { get; }

    /// <summary>Null when another live process holds it; then <paramref name="holder"/> is its pid, when known.</summary>
    public static DirectoryLock? TryAcquire(string directory, out string? holder)
    {
        holder = null;
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            holder = ReadHolder(Path.Combine(directory, PidFileName));
            return null;
        }
        File.WriteAllText(Path.Combine(directory, PidFileName), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new DirectoryLock(directory, stream);
    }

    static string? ReadHolder(string path)
    {
        try
        {
            var pid = File.ReadAllText(path).Trim();
            return pid.Length is > 0 and < 20 ? pid : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => stream.Dispose();
}
