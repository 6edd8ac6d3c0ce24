using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.Coordinator.Breakers;
using Stamina.Coordinator.Journal;

namespace Stamina.Coordinator.Tests.Breakers;

/// <summary>The breaker's state machine on a fake clock: opening, the cool-down, the one probe and its verdict.</summary>
[TestFixture]
public sealed class CircuitBreakerTests
{
    const string Broken = "exit: cannot open <path>: error <n>";
    const string Other = "timeout: killed after <n> s";

    static readonly BreakerSettings Settings = new()
    {
        Threshold = 3,
        Window = TimeSpan.FromMinutes(10),
        CoolDown = TimeSpan.FromMinutes(5),
        MaxCoolDown = TimeSpan.FromMinutes(12),
    };

    FakeTimeProvider clock = null!;
    CircuitBreaker breaker = null!;

    DateTimeOffset Now => clock.GetUtcNow();

    [SetUp]
    public void SetUp()
    {
        clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 22, 0, 0, TimeSpan.Zero));
        breaker = new CircuitBreaker { Scope = BreakerScopes.Repo, Key = "/srv/repo" };
    }

    bool Fail(string signature, Guid? item = null, DateTimeOffset? startedAt = null) =>
        breaker.RecordFailure(signature, item ?? Guid.NewGuid(), startedAt ?? Now - TimeSpan.FromSeconds(5), Now, Settings);

    [Test]
    public void An_accounts_breaker_Should_not_open_on_one_repositorys_failures_but_on_failures_across_repositories()
    {
        var account = new CircuitBreaker { Scope = BreakerScopes.Account, Key = "a" };
        bool FailIn(string repo) =>
            account.RecordFailure(Broken, Guid.NewGuid(), Now - TimeSpan.FromSeconds(5), Now, Settings, repo, minRepos: 2);

        Assert.That(new[] { FailIn("/srv/one"), FailIn("/srv/one"), FailIn("/srv/one"), FailIn("/srv/one") }, Is.All.False,
            "one broken repository is its own breaker's business");
        Assert.That(FailIn("/srv/two"), Is.True, "the same failure in a second repository: the account is the common cause");
    }

    void Trip()
    {
        Fail(Broken);
        Fail(Broken);
        Assert.That(Fail(Broken), Is.True);
    }

    [Test]
    public void When_threshold_items_fail_the_same_way_Should_open_at_the_threshold_and_not_before()
    {
        Assert.That(Fail(Broken), Is.False);
        Assert.That(Fail(Broken), Is.False);
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.Closed));
        Assert.That(Fail(Broken), Is.True);
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.Open));
        Assert.That((breaker.Signature, breaker.OpenUntil, breaker.Trips), Is.EqualTo((Broken, Now + Settings.CoolDown, 1)));
    }

    [Test]
    public void When_failures_have_different_signatures_Should_not_add_up()
    {
        Fail(Broken);
        Fail(Other);
        Fail(Broken);
        Fail(Other);
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.Closed));
        Assert.That(Fail(Other), Is.True, "the third of one signature opens it");
        Assert.That(breaker.Signature, Is.EqualTo(Other));
    }

    [Test]
    public void When_one_item_fails_repeatedly_Should_count_it_once()
    {
        var item = Guid.NewGuid();
        for (var i = 0; i < 5; i++)
            Assert.That(Fail(Broken, item), Is.False);
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.Closed));
    }

    [Test]
    public void When_failures_fall_out_of_the_window_Should_not_count_them()
    {
        Fail(Broken);
        Fail(Broken);
        clock.Advance(Settings.Window + TimeSpan.FromSeconds(1));
        Assert.That(Fail(Broken), Is.False);
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.Closed));
    }

    [TestCase(AttemptOutcomes.Lost, ErrorClasses.Lost)]
    [TestCase(AttemptOutcomes.Released, ErrorClasses.UsageLimit)]
    [TestCase(AttemptOutcomes.Released, ErrorClasses.Shutdown)]
    [TestCase(AttemptOutcomes.Released, ErrorClasses.Restart)]
    [TestCase(AttemptOutcomes.Cancelled, ErrorClasses.Cancelled)]
    [TestCase(AttemptOutcomes.Failed, ErrorClasses.LostTooOften)]
    [TestCase(AttemptOutcomes.Failed, ErrorClasses.Auth)]
    public void When_an_attempt_ends_by_a_fault_Should_not_count_as_a_failure(string outcome, string errorClass) =>
        Assert.That(BreakerCounting.FailureSignatureOf(new AttemptEnding(outcome, Now, ErrorClass: errorClass, Message: "boom")), Is.Null);

    [TestCase(AttemptOutcomes.Failed, ErrorClasses.Exit)]
    [TestCase(AttemptOutcomes.TimedOut, ErrorClasses.Timeout)]
    [TestCase(AttemptOutcomes.Failed, ErrorClasses.AgentError)]
    public void When_an_attempt_fails_on_its_own_Should_count_by_its_normalised_signature(string outcome, string errorClass)
    {
        var a = BreakerCounting.FailureSignatureOf(new AttemptEnding(outcome, Now, ErrorClass: errorClass, Message: "cannot open /tmp/a/1: error 17"));
        var b = BreakerCounting.FailureSignatureOf(new AttemptEnding(outcome, Now, ErrorClass: errorClass, Message: "cannot open /tmp/b/22: error 99"));
        Assert.That(a, Is.Not.Null.And.EqualTo(b));
    }

    [Test]
    public void When_open_Should_ignore_endings_of_attempts_that_were_already_running()
    {
        Trip();
        Assert.That(Fail(Broken), Is.False);
        Assert.That(breaker.RecordSuccess(Now - TimeSpan.FromMinutes(1), Now), Is.False);
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.Open));
    }

    [Test]
    public void When_the_cool_down_ends_Should_be_half_open_and_admit_only_an_attempt_started_since_as_the_probe()
    {
        Trip();
        var until = breaker.OpenUntil!.Value;
        clock.Advance(Settings.CoolDown - TimeSpan.FromSeconds(1));
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.Open));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.HalfOpen));
        Assert.That(breaker.IsProbe(until - TimeSpan.FromSeconds(1)), Is.False);
        Assert.That(breaker.IsProbe(until), Is.True);
        Assert.That(breaker.RecordSuccess(until - TimeSpan.FromSeconds(1), Now), Is.False, "an older attempt's success is not the probe's");
    }

    [Test]
    public void When_the_probe_succeeds_Should_close_and_forget()
    {
        Trip();
        clock.Advance(Settings.CoolDown);
        var probeStart = Now;
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(breaker.RecordSuccess(probeStart, Now), Is.True);
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.Closed));
        Assert.That((breaker.Signature, breaker.Trips, breaker.Recent), Is.EqualTo(((string?)null, 0, new List<BreakerFailure>())));
        Assert.That(Fail(Broken), Is.False, "counting starts again from nothing");
    }

    [Test]
    public void When_the_probe_fails_the_same_way_Should_open_again_with_a_longer_cool_down_capped()
    {
        Trip();
        clock.Advance(Settings.CoolDown);
        Assert.That(Fail(Broken, startedAt: Now), Is.True);
        Assert.That((breaker.CoolDown, breaker.OpenUntil, breaker.Trips), Is.EqualTo((TimeSpan.FromMinutes(10), Now + TimeSpan.FromMinutes(10), 2)));
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.That(Fail(Broken, startedAt: Now), Is.True);
        Assert.That(breaker.CoolDown, Is.EqualTo(Settings.MaxCoolDown), "doubled to 20 min, capped at 12");
    }

    [Test]
    public void When_the_probe_fails_another_way_Should_stay_half_open_for_the_next_probe()
    {
        Trip();
        clock.Advance(Settings.CoolDown);
        Assert.That(Fail(Other, startedAt: Now), Is.False);
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.HalfOpen));
        Assert.That(breaker.RecordSuccess(Now, Now), Is.True);
    }

    [Test]
    public void When_reset_Should_close_at_once()
    {
        Trip();
        breaker.Close(Now);
        Assert.That(breaker.StatusAt(Now), Is.EqualTo(BreakerStatuses.Closed));
    }
}
