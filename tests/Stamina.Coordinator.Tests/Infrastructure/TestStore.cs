using Microsoft.Extensions.Logging.Abstractions;
using Stamina.Coordinator.Persistence;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Infrastructure;

/// <summary>
/// A migrated, empty store of either kind, for contract tests that run against both:
/// <c>[TestFixture(TestStore.Postgres)] [TestFixture(TestStore.Sqlite)]</c>.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string Postgres = "postgres";
    public const string Sqlite = "sqlite";

    readonly IAsyncDisposable scratch;

    TestStore(StaminaDatabase database, IAsyncDisposable scratch)
    {
        Database = database;
        this.scratch = scratch;
    }

    public StaminaDatabase Database { get; }

    /// <summary>Opens a new store of <paramref name="kind"/> and applies the migrations.</summary>
    public static async Task<TestStore> CreateAsync(string kind)
    {
        TestStore store;
        switch (kind)
        {
            case Postgres:
                var postgres = await TemporaryDatabase.CreateAsync();
                store = new TestStore(new PostgresDatabase(postgres.ConnectionString), postgres);
                break;
            case Sqlite:
                var sqlite = new TemporarySqliteDatabase();
                store = new TestStore(new SqliteDatabase(sqlite.ConnectionString), sqlite);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "postgres or sqlite");
        }
        await new MigrationRunner(store.Database, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await scratch.DisposeAsync();
    }
}
