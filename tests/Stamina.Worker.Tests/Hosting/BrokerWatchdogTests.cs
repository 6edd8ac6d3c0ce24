using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Stamina.ServiceDefaults.Hosting;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.Worker.Tests.Hosting;

public sealed class BrokerWatchdogTests
{
    readonly FakeTimeProvider clock = new();
    readonly HostRestart restart = new();
    readonly StoppingLifetime lifetime = new();

    BrokerWatchdog Watchdog() => new(restart, lifetime, clock, NullLogger<BrokerWatchdog>.Instance, TimeSpan.FromSeconds(30));

    [Test]
    public void When_sends_fail_for_less_than_the_patience_Should_not_restart()
    {
        var watchdog = Watchdog();
        watchdog.Failed(new InvalidOperationException("down"));
        clock.Advance(TimeSpan.FromSeconds(29));
        watchdog.Failed(new InvalidOperationException("down"));
        Assert.That((restart.Requested, lifetime.Stopped), Is.EqualTo((false, false)));
    }

    [Test]
    public void When_sends_fail_past_the_patience_Should_restart_the_host()
    {
        var watchdog = Watchdog();
        watchdog.Failed(new InvalidOperationException("down"));
        clock.Advance(TimeSpan.FromSeconds(31));
        watchdog.Failed(new InvalidOperationException("still down"));
        Assert.That((restart.Requested, lifetime.Stopped), Is.EqualTo((true, true)));
        Assert.That(restart.Reason, Does.Contain("still down"));
    }

    [Test]
    public void When_a_send_succeeds_in_between_Should_start_counting_again()
    {
        var watchdog = Watchdog();
        watchdog.Failed(new InvalidOperationException("down"));
        clock.Advance(TimeSpan.FromSeconds(20));
        watchdog.Succeeded();
        watchdog.Failed(new InvalidOperationException("down"));
        clock.Advance(TimeSpan.FromSeconds(20));
        watchdog.Failed(new InvalidOperationException("down"));
        Assert.That(restart.Requested, Is.False);
    }

    sealed class StoppingLifetime : IHostApplicationLifetime
    {
        public bool Stopped { get; private set; }
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => Stopped = true;
    }
}
