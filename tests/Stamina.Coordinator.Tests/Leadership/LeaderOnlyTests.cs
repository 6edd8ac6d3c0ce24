using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Stamina.Coordinator.Leadership;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Leadership;

/// <summary>A leader-only loop runs during terms only, stops the moment a term ends, and runs again at the next term.</summary>
[TestFixture]
public sealed class LeaderOnlyTests
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_loop_Should_run_only_while_leading_and_stop_at_once_when_leadership_is_lost()
    {
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var leadership = new CoordinatorLeadership(meters.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        using var loop = new ProbeLoop();
        using var wrapper = new LeaderOnly<ProbeLoop>(loop, leadership, NullLogger<LeaderOnly<ProbeLoop>>.Instance);
        await wrapper.StartAsync(CancellationToken.None);

        await Task.Delay(200);
        Assert.That(loop.Runs, Is.Zero, "a standby runs no leader loop");

        leadership.Begin();
        await Eventually.UntilAsync(() => loop.Running, Deadline, "the loop to start with the term");
        leadership.End();
        Assert.That(loop.Token.IsCancellationRequested, Is.True, "the loop's token is cancelled before End returns");
        await Eventually.UntilAsync(() => !loop.Running, Deadline, "the loop to stop");

        leadership.Begin();
        await Eventually.UntilAsync(() => loop.Running && loop.Runs == 2, Deadline, "the loop to run again in the next term");

        await wrapper.StopAsync(CancellationToken.None);
        Assert.That(loop.Running, Is.False, "stopping the host stops the loop");
    }

    [Test]
    public async Task A_loop_that_ends_by_itself_Should_not_be_restarted_within_the_term()
    {
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var leadership = new CoordinatorLeadership(meters.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        using var loop = new ProbeLoop { EndAtOnce = true };
        using var wrapper = new LeaderOnly<ProbeLoop>(loop, leadership, NullLogger<LeaderOnly<ProbeLoop>>.Instance);
        await wrapper.StartAsync(CancellationToken.None);

        leadership.Begin();
        await Eventually.UntilAsync(() => loop.Runs == 1, Deadline, "the loop to run once");
        await Task.Delay(300);

        Assert.That(loop.Runs, Is.EqualTo(1));
        await wrapper.StopAsync(CancellationToken.None);
    }

    sealed class ProbeLoop : BackgroundService
    {
        int runs;
        volatile bool running;

        public bool EndAtOnce { get; init; }
        public int Runs => Volatile.Read(ref runs);
        public bool Running => running;
        public CancellationToken Token { get; private set; }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            Token = stoppingToken;
            Interlocked.Increment(ref runs);
            if (EndAtOnce)
                return;
            running = true;
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            finally
            {
                running = false;
            }
        }
    }
}
