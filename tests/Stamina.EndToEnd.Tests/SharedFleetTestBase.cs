using NUnit.Framework.Interfaces;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// One fleet for a whole fixture, for tests that change nothing on it (every request refused, or only read): the start
/// of a fleet (3–10 s) is paid once instead of once per test. A fixture whose tests make items uses
/// <see cref="FleetTestBase"/>. The fleet's logs are printed under each failed test.
/// </summary>
public abstract class SharedFleetTestBase
{
    private protected Fleet fleet = null!;

    private protected virtual FleetOptions Options => new();

    [OneTimeSetUp]
    public async Task StartFleet() => fleet = await Fleet.StartAsync(Options);

    [OneTimeTearDown]
    public async Task StopFleet()
    {
        if (fleet is not null)
            await fleet.DisposeAsync();
    }

    [TearDown]
    public void WriteLogsOfFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            fleet.WriteLogs(TestContext.Out);
    }
}
