using System.Globalization;

namespace Stamina.Worker.Processes.Cgroups;

/// <summary>Reading and writing a cgroup's files: each write is one write(2), as the kernel expects.</summary>
static class CgroupFiles
{
    public static void Write(string directory, string file, string text) => File.WriteAllText(Path.Combine(directory, file), text);

    /// <summary>Writes an optional file where the kernel offers it; a refusal is not an error.</summary>
    public static void WriteIfPresent(string directory, string file, string text)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
            return;
        try
        {
            File.WriteAllText(path, text);
        }
        catch (IOException)
        {
            // An optional file the kernel refused (swap not accounted, an older kernel): what it backs up stands.
        }
    }

    /// <summary>A counter of a flat-keyed cgroup file (<c>name value</c> lines); 0 when absent.</summary>
    public static long Counter(string directory, string file, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(directory, file)))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 2 && fields[0] == name && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var value))
                    return value;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }

    /// <summary>A single-number cgroup file (v1 <c>memory.max_usage_in_bytes</c>); 0 when absent.</summary>
    public static long Number(string directory, string file)
    {
        try
        {
            return long.TryParse(File.ReadAllText(Path.Combine(directory, file)).Trim(), CultureInfo.InvariantCulture, out var value) ? value : 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>A v1 freezer group's state (<c>THAWED</c>, <c>FREEZING</c>, <c>FROZEN</c>); null when it is gone.</summary>
    public static string? ReadState(string freezer)
    {
        try
        {
            return File.ReadAllText(Path.Combine(freezer, "freezer.state")).Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
