using System.Reflection;
using Dapper;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// Applies the embedded, numbered SQL files of the store's dialect in order, each in its own transaction,
/// so that several coordinators starting at once apply each migration exactly once: PostgreSQL under an
/// advisory lock, SQLite under its single-writer transaction (each migration re-checked inside it).
/// </summary>
/// <remarks>
/// A few lines of our own instead of a migration library: plain SQL files stay readable and the runner
/// has no dependency to keep in step with the database drivers.
/// </remarks>
public sealed class MigrationRunner(StaminaDatabase database, ILogger<MigrationRunner> logger)
{
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (dialect.MigrationLock is not null)
            await connection.ExecuteAsync(dialect.MigrationLock);
        try
        {
            await connection.ExecuteAsync(dialect.MigrationsTable);
            var count = 0;
            foreach (var migration in Migration.LoadEmbedded(Assembly.GetExecutingAssembly(), dialect))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var applied = await connection.ExecuteScalarAsync<bool>(
                    "select exists (select 1 from schema_migrations where version = @Version)", migration, transaction);
                if (applied)
                    continue;
                await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "insert into schema_migrations (version, name) values (@Version, @Name)", migration, transaction);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied {Dialect} migration {Version} {Name}", dialect, migration.Version, migration.Name);
                count++;
            }
            return count;
        }
        finally
        {
            if (dialect.MigrationUnlock is not null)
                await connection.ExecuteAsync(dialect.MigrationUnlock);
        }
    }
}
