using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// PostgreSQL stopped under a running fleet for longer than a lease costs nothing: when it comes back, no lease
/// expires before a full lease period of healthy operation, so the running item finishes in its first attempt.
/// The fleet runs on a cluster of this test's own, so stopping it touches no other test.
/// </summary>
[TestFixture]
[NonParallelizable] // a PostgreSQL of its own, stopped for longer than a lease
public sealed class DatabaseOutageTests
{
    PrivatePostgres postgres = null!;
    Fleet fleet = null!;

    [SetUp]
    public async Task StartFleet()
    {
        if (!PrivatePostgres.IsAvailable)
            Assert.Ignore("needs PostgreSQL 15's server binaries and root (to run them as nobody)");
        postgres = await PrivatePostgres.StartAsync();
        fleet = await Fleet.StartAsync(new FleetOptions { Workers = 1, PostgresConnectionString = postgres.ConnectionString });
    }

    [TearDown]
    public async Task StopFleet()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            fleet?.WriteLogs(TestContext.Out);
        if (fleet is not null)
            await fleet.DisposeAsync();
        if (postgres is not null)
            await postgres.DisposeAsync();
    }

    [Test]
    public async Task When_the_database_is_down_past_the_lease_Should_finish_the_item_in_its_first_attempt()
    {
        var item = await LongItem.StartAsync(fleet);

        await postgres.StopServerAsync();
        await Task.Delay(TimeSpan.FromSeconds(9)); // the outage: three leases of the test timings
        await postgres.StartServerAsync();

        await item.AssertFinishedAtNoCostAsync(fleet);
    }
}
