using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.ServiceDefaults.Configuration;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Persistence;

/// <summary>What only SQLite needs: its storage format, its single-writer migrations, and how it is chosen.</summary>
[TestFixture]
public sealed class SqliteStoreTests
{
    [Test]
    public async Task Ids_and_times_Should_be_stored_as_fixed_width_text()
    {
        await using var store = await StoreHarness.StartAsync(TestStore.Sqlite);
        var id = await store.SubmitAsync();
        await using var connection = await store.Database.OpenConnectionAsync(default);

        var row = await connection.QuerySingleAsync<(string IdType, string Id, string TimeType, string Time)>(
            "select typeof(id), id, typeof(created_at), created_at from work_items");
        Assert.That(row, Is.EqualTo(("text", id.ToString(), "text", "2026-11-25T21:00:00.1234560Z")));
        Assert.That(await connection.ExecuteScalarAsync<string>("pragma journal_mode"), Is.EqualTo("wal"));
        Assert.That(await connection.ExecuteScalarAsync<long>("pragma foreign_keys"), Is.EqualTo(1L));
    }

    [Test]
    public async Task Coordinators_migrating_one_file_at_once_Should_apply_each_migration_once()
    {
        await using var file = new TemporarySqliteDatabase();
        var databases = Enumerable.Range(0, 4).Select(_ => new SqliteDatabase(file.ConnectionString)).ToList();
        try
        {
            var applied = await Task.WhenAll(databases.Select(database =>
                Task.Run(() => new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync(default))));
            var expected = Migration.LoadEmbedded(typeof(MigrationRunner).Assembly, SqlDialect.Sqlite).Count;
            Assert.That((applied.Sum(), expected > 0), Is.EqualTo((expected, true)), "each embedded migration applied once in all");
            await using var connection = await databases[0].OpenConnectionAsync(default);
            Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from schema_migrations"), Is.EqualTo(expected));
        }
        finally
        {
            foreach (var database in databases)
                await database.DisposeAsync();
        }
    }

    [Test]
    public void Migrations_Should_exist_for_both_dialects_with_the_same_numbers()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var postgres = Migration.LoadEmbedded(assembly, SqlDialect.Postgres).Select(m => (m.Version, m.Name));
        var sqlite = Migration.LoadEmbedded(assembly, SqlDialect.Sqlite).Select(m => (m.Version, m.Name));
        Assert.That(sqlite, Is.EqualTo(postgres).And.Not.Empty);
    }

    [TestCase("Data Source=/tmp/x.db", null, "sqlite")]
    [TestCase(null, "Host=db;Username=u", "postgres")]
    public void The_store_Should_be_chosen_by_the_connection_string_that_is_set(string? sqlite, string? postgres, string expected)
    {
        var selection = StoreSelection.FromConfiguration(Configuration(sqlite, postgres));
        Assert.That((selection.Dialect.Name, selection.ToString()), Is.EqualTo((expected, expected)), "ToString leaves out a password");
    }

    [TestCase("Data Source=/tmp/x.db", "Host=db", "Both")]
    [TestCase(null, null, "is not set")]
    [TestCase(" ", "", "is not set")]
    public void The_store_Should_be_refused_when_not_exactly_one_is_set(string? sqlite, string? postgres, string message) =>
        Assert.That(() => StoreSelection.FromConfiguration(Configuration(sqlite, postgres)),
            Throws.TypeOf<ServiceConfigurationException>().With.Message.Contains(message));

    [TestCase("Data Source=:memory:")]
    [TestCase("Data Source=x;Mode=Memory")]
    [TestCase("")]
    public void An_in_memory_database_Should_be_refused(string connectionString) =>
        Assert.That(() => new SqliteDatabase(connectionString), Throws.ArgumentException);

    static IConfiguration Configuration(string? sqlite, string? postgres) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = sqlite, ["ConnectionStrings:Postgres"] = postgres })
        .Build();
}
