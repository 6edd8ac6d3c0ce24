using System.Globalization;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Chaos;

/// <summary>
/// The proof that faults cost nothing: a fleet under a stream of items while workers are killed, frozen and cut
/// off, and the coordinator, RabbitMQ and PostgreSQL restart. The short run is part of the suite; the long one is
/// <c>scripts/chaos.sh --minutes N</c>.
/// </summary>
[TestFixture]
[NonParallelizable] // it restarts the shared RabbitMQ
[Category(SharedBroker.OutageCategory)]
public sealed class ChaosTests
{
    [Test]
    public Task A_short_chaos_run_Should_keep_every_guarantee() => RunAsync(new ChaosOptions { Duration = TimeSpan.FromMinutes(2) });

    [Test]
    [Explicit("long: scripts/chaos.sh --minutes N")]
    public Task A_long_chaos_run_Should_keep_every_guarantee() => RunAsync(new ChaosOptions
    {
        Duration = TimeSpan.FromMinutes(double.Parse(Environment.GetEnvironmentVariable("STAMINA_CHAOS_MINUTES") ?? "30", CultureInfo.InvariantCulture)),
        Seed = int.TryParse(Environment.GetEnvironmentVariable("STAMINA_CHAOS_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : Environment.TickCount,
    });

    static async Task RunAsync(ChaosOptions options)
    {
        if (!PrivatePostgres.IsAvailable)
            Assert.Ignore("needs PostgreSQL 15's server binaries and root");
        await using var run = await ChaosRun.StartAsync(options);
        ChaosReport report;
        try
        {
            report = await run.RunAsync();
        }
        catch
        {
            run.WriteLogs(TestContext.Out);
            TestContext.Out.WriteLine($"chaos history: {run.History}");
            throw;
        }
        TestContext.Progress.WriteLine(report.ToString());
        TestContext.Progress.WriteLine($"chaos history: {run.History}");
        // Every part's log beside the history, for reading a lost attempt back to its cause.
        await using (var fleetLog = new StreamWriter(Path.Combine(run.History, "fleet.log")))
            run.WriteLogs(fleetLog);
        if (report.Violations.Count > 0)
            run.WriteLogs(TestContext.Out);
        Assert.That(report.Violations, Is.Empty, report.ToString());
        Assert.That(report.Faults.Values.Sum(), Is.GreaterThan(0), "the run injected faults");
    }
}
