using NUnit.Framework.Interfaces;

namespace Stamina.EndToEnd.Tests;

/// <summary>Each test gets a fleet of its own; its processes' logs are printed when the test fails.</summary>
public abstract class FleetTestBase(FleetMode mode = FleetMode.Processes)
{
    private protected Fleet fleet = null!;
    bool started;

    /// <summary>Separate processes on PostgreSQL and RabbitMQ, or one <c>stamina local</c> process.</summary>
    private protected FleetMode Mode { get; } = mode;

    private protected virtual FleetOptions Options => new();

    [SetUp]
    public async Task StartFleet()
    {
        started = false;
        fleet = await Fleet.StartAsync(Options with { Mode = Mode });
        started = true;
    }

    [TearDown]
    public async Task StopFleet()
    {
        if (!started)
            return;
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            fleet.WriteLogs(TestContext.Out);
        await fleet.DisposeAsync();
    }

    /// <summary>A command that records its pid, then on the first attempt hangs, and on later ones writes a file and exits 0.</summary>
    private protected string[] HangOnFirstAttempt(string pidFile) =>
        ["sh", "-c", $"if [ \"$STAMINA_ATTEMPT\" = 1 ]; then echo $$ > '{pidFile}'; exec sleep 300; fi; echo done > result.txt"];

    /// <summary>The pid a command wrote with <c>echo $$ &gt; file</c>, once the line is whole (the file exists before it is written).</summary>
    private protected static async Task<int> ReadPidAsync(string file)
    {
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(file) && File.ReadAllText(file).EndsWith('\n')),
            TimeSpan.FromSeconds(30), $"the command to write its pid to {file}");
        return int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
