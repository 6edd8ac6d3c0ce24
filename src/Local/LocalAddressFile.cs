namespace Stamina.Local;

/// <summary>
/// Where a running <c>stamina local</c> listens: <c>DIR/url</c>, written at start and removed at a clean stop.
/// The CLI reads it to find local mode on whatever port it runs, and sends the local key only to that address.
/// </summary>
public static class LocalAddressFile
{
    public const string FileName = "url";

    public static string PathIn(string dataDir) => Path.Combine(dataDir, FileName);

    public static void Write(string dataDir, Uri url)
    {
        var path = PathIn(dataDir);
        var temporary = path + ".new";
        File.WriteAllText(temporary, url.AbsoluteUri + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    public static void Remove(string dataDir, Uri url)
    {
        // Only our own: a second instance on another data dir never shares this file, but a restart may already have replaced it.
        if (TryRead(dataDir) == url)
            File.Delete(PathIn(dataDir));
    }

    /// <summary>The address of the local mode that last started on <paramref name="dataDir"/>, or null.</summary>
    public static Uri? TryRead(string dataDir)
    {
        try
        {
            var text = File.ReadAllText(PathIn(dataDir)).Trim();
            return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.IsLoopback ? url : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
