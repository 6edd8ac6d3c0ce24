using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Stamina.Coordinator.Sagas;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// The store in one SQLite file, for a coordinator that runs alone. WAL lets readers run beside the one
/// writer; writers in this process queue on a gate instead of spinning on SQLITE_BUSY, and the busy
/// timeout covers writers in other processes (a CLI reading or repairing the file).
/// </summary>
public sealed class SqliteDatabase : StaminaDatabase
{
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    readonly string connectionString;
    readonly SemaphoreSlim writeGate = new(1, 1);
    int walSet;

    /// <param name="connectionString">For example <c>Data Source=/var/lib/stamina/stamina.db</c>.</param>
    public SqliteDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        };
        if (builder.Mode is SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
            throw new ArgumentException("The SQLite store needs a file (Data Source=/path/stamina.db), not an in-memory database.", nameof(connectionString));
        this.connectionString = builder.ToString();
    }

    public override SqlDialect Dialect => SqlDialect.Sqlite;

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per connection; pooled connections keep it, so setting it again costs next to nothing.
            await connection.ExecuteAsync($"pragma busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
            // Stored in the file: once per process is enough.
            if (Interlocked.Exchange(ref walSet, 1) == 0)
                await connection.ExecuteAsync("pragma journal_mode = wal");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task<SagaTransaction> BeginEventTransactionAsync(CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        DbConnection? connection = null;
        try
        {
            connection = await OpenConnectionAsync(cancellationToken);
            // BEGIN IMMEDIATE: the write lock is taken now, not at the first write, so two events never
            // both read a row and then fail to upgrade.
            var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
            return new SagaTransaction(connection, transaction, () => writeGate.Release());
        }
        catch
        {
            if (connection is not null)
                await connection.DisposeAsync();
            writeGate.Release();
            throw;
        }
    }

    public override ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(connectionString))
            SqliteConnection.ClearPool(connection);
        writeGate.Dispose();
        return ValueTask.CompletedTask;
    }
}
