using Npgsql;

namespace Stamina.Testing;

/// <summary>
/// A fresh, uniquely named PostgreSQL database owned by the <c>stamina</c> role, dropped on dispose.
/// <code>await using var database = await TemporaryDatabase.CreateAsync();</code>
/// </summary>
public sealed class TemporaryDatabase : IAsyncDisposable
{
    const string NamePrefix = "stamina_test_";
    readonly string administrationConnectionString;
    bool disposed;

    TemporaryDatabase(string name, string connectionString, string administrationConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        this.administrationConnectionString = administrationConnectionString;
    }

    public string Name { get; }

    /// <summary>Npgsql connection string to this database (same host, role and password as <c>STAMINA_POSTGRES</c>).</summary>
    public string ConnectionString { get; }

    public static async Task<TemporaryDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var administration = TestEnvironment.PostgresConnectionString;
        // Lower case letters, digits and underscores only: needs no quoting and fits in 63 bytes.
        var name = $"{NamePrefix}{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}";
        await ExecuteAsync(administration, $"CREATE DATABASE {name}", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(administration) { Database = name }.ConnectionString;
        return new TemporaryDatabase(name, connectionString, administration);
    }

    /// <summary>Opens a connection to this database; the caller disposes it.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        // Idle pooled connections would otherwise be killed by FORCE and break the next user of the pool.
        using (var connection = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(connection);
        // FORCE cannot end a backend of another role (an autovacuum worker that happens to be on this
        // database, say): it refuses with 42501 until that backend is done, which takes moments.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await ExecuteAsync(administrationConnectionString, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);
                return;
            }
            catch (PostgresException exception) when (exception.SqlState is "42501" or "55006" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    public override string ToString() => Name;

    static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
