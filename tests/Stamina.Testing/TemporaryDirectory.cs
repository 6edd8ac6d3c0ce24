namespace Stamina.Testing;

/// <summary>A fresh directory under <c>$TMPDIR/stamina-tests/</c>, deleted with its contents on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string prefix = "dir")
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Path = System.IO.Path.Combine(Root, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public static string Root => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stamina-tests");

    /// <summary>The absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory (not created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (!Directory.Exists(Path))
            return;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // Git marks object files read-only; clear the flag and try once more.
            foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
                File.SetAttributes(file, FileAttributes.Normal);
            Directory.Delete(Path, recursive: true);
        }
    }

    public override string ToString() => Path;
}
