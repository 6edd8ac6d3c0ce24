namespace Stamina.Coordinator.Tests.Infrastructure;

/// <summary>
/// A fixture run on both stores (derive with <c>[TestFixture(TestStore.Postgres)]</c> and
/// <c>[TestFixture(TestStore.Sqlite)]</c>); each test gets a fresh <see cref="StoreHarness"/>.
/// </summary>
public abstract class StoreFixture(string kind)
{
    protected string Kind => kind;

    protected StoreHarness Store { get; private set; } = null!;

    [SetUp]
    public async Task StartStoreAsync() => Store = await StoreHarness.StartAsync(kind);

    [TearDown]
    public async Task StopStoreAsync() => await Store.DisposeAsync();
}
