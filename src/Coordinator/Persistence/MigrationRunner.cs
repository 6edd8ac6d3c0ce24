using System.Reflection;
using Dapper;
using Npgsql;

namespace Stamina.Coordinator.Persistence;

/// <summary>
/// Applies the embedded, numbered SQL files in order, each in its own transaction, under an advisory
/// lock so that several coordinators starting at once apply each migration exactly once.
/// </summary>
/// <remarks>
/// A few lines of our own instead of a migration library: plain SQL files stay readable, the runner
/// has no dependency to keep in step with Npgsql, and the local mode can later run the same files
/// through a dialect seam.
/// </remarks>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    const long AdvisoryLockKey = 0x5354_414D_494E_41; // "STAMINA"

    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("select pg_advisory_lock(@key)", new { key = AdvisoryLockKey });
        try
        {
            await connection.ExecuteAsync("""
                create table if not exists schema_migrations (
                    version integer primary key, name text not null, applied_at timestamptz not null default now())
                """);
            var applied = (await connection.QueryAsync<int>("select version from schema_migrations")).ToHashSet();
            var count = 0;
            foreach (var migration in Migration.LoadEmbedded(Assembly.GetExecutingAssembly()))
            {
                if (applied.Contains(migration.Version))
                    continue;
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "insert into schema_migrations (version, name) values (@Version, @Name)", migration, transaction);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
                count++;
            }
            return count;
        }
        finally
        {
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }
}
