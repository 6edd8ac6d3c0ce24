using System.Security.Cryptography;

namespace Stamina.Local;

/// <summary>
/// The local API key: made on first start, kept in <c>DIR/api-key</c> readable by its owner only, so that
/// the CLI of the same user finds it and nobody else on the machine does.
/// </summary>
public static class LocalApiKey
{
    public const string FileName = "api-key";
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string PathIn(string dataDir) => Path.Combine(dataDir, FileName);

    public static string LoadOrCreate(string dataDir)
    {
        var path = PathIn(dataDir);
        if (File.Exists(path))
        {
            if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != OwnerOnly)
                File.SetUnixFileMode(path, OwnerOnly);
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
                return existing;
        }
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var temporary = path + ".new";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly;
        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
            writer.WriteLine(key);
        // A crash mid-write never leaves a half key behind.
        File.Move(temporary, path, overwrite: true);
        return key;
    }

    /// <summary>The key in <paramref name="dataDir"/>, or null when there is none (yet).</summary>
    public static string? TryRead(string dataDir)
    {
        var path = PathIn(dataDir);
        try
        {
            var key = File.ReadAllText(path).Trim();
            return key.Length > 0 ? key : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
