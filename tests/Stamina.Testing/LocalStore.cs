using Dapper;
using Microsoft.Data.Sqlite;

namespace Stamina.Testing;

/// <summary>The SQLite store in a <c>stamina local</c> data directory, queried for a test's assertions.</summary>
public sealed class LocalStore(string dataDir)
{
    public string DataDir { get; } = dataDir;

    public string DatabasePath => Path.Combine(DataDir, "stamina.db");

    /// <summary>Runs <paramref name="sql"/> read-only, beside the running process (SQLite's WAL allows it).</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        return [.. await connection.QueryAsync<T>(sql)];
    }
}
