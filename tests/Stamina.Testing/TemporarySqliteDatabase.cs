namespace Stamina.Testing;

/// <summary>
/// A fresh SQLite file in its own temporary directory, deleted (with its WAL files) on dispose.
/// <code>await using var database = new TemporarySqliteDatabase();</code>
/// </summary>
public sealed class TemporarySqliteDatabase : IAsyncDisposable
{
    readonly TemporaryDirectory directory = new("sqlite");

    public TemporarySqliteDatabase() => Path = directory.Combine("stamina.db");

    /// <summary>The database file (created by the first connection).</summary>
    public string Path { get; }

    /// <summary>Microsoft.Data.Sqlite connection string to the file.</summary>
    public string ConnectionString => $"Data Source={Path}";

    public ValueTask DisposeAsync()
    {
        directory.Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => Path;
}
