using System.Data.Common;
using Stamina.Coordinator.Persistence;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Persistence;

/// <summary>
/// The coordinator's statements are prepared on the server once they repeat (Npgsql's automatic preparation), so
/// PostgreSQL does not parse and plan each event's statements again; a connection string that sets
/// <c>Max Auto Prepare</c> (0 behind a pooler that cannot keep prepared statements) is obeyed. Read from
/// <c>pg_prepared_statements</c>, what the server holds for the connection.
/// </summary>
public sealed class PostgresPreparationTests
{
    TemporaryDatabase scratch = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => scratch = await TemporaryDatabase.CreateAsync();

    [OneTimeTearDown]
    public async Task DropDatabase() => await scratch.DisposeAsync();

    [Test]
    public async Task When_a_statement_repeats_Should_be_prepared_on_the_server()
    {
        await using var database = new PostgresDatabase(scratch.ConnectionString);

        Assert.That(await PreparedAfterRepeatingAsync(database), Is.GreaterThan(0));
    }

    [TestCase("Max Auto Prepare=0")]
    [TestCase("maxautoprepare=0")]
    public async Task When_the_connection_string_turns_preparation_off_Should_prepare_nothing(string setting)
    {
        await using var database = new PostgresDatabase($"{scratch.ConnectionString};{setting}");

        Assert.That(await PreparedAfterRepeatingAsync(database), Is.Zero);
    }

    /// <summary>Runs one statement ten times on a connection, then counts the server's prepared statements for it.</summary>
    static async Task<long> PreparedAfterRepeatingAsync(StaminaDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        for (var i = 0; i < 10; i++)
            await ScalarAsync(connection, "select count(*) from pg_class where relname = 'work_items'");
        return (long)(await ScalarAsync(connection, "select count(*) from pg_prepared_statements"))!;
    }

    static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
