using Microsoft.Extensions.Time.Testing;
using Stamina.FakeAgent.Accounts;

namespace Stamina.FakeAgent.Tests.Units;

public class AccountLimiterTests
{
    // NUnit shares one fixture instance between its tests: each test starts from a fresh clock and state.
    FakeTimeProvider clock = null!;
    AccountLimitState state = AccountLimitState.Empty;

    [SetUp]
    public void StartFresh()
    {
        clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        state = AccountLimitState.Empty;
    }

    [Test]
    public void When_runs_exceed_after_runs_Should_limit_until_the_window_ends_then_never_again()
    {
        var settings = new AccountLimitSettings(AfterRuns: 2, ResetIn: TimeSpan.FromSeconds(20), Times: 1);
        var windowEnd = clock.GetUtcNow().AddSeconds(20);

        Assert.Multiple(() =>
        {
            Assert.That(Admit(settings), Is.Null, "run 1");
            Assert.That(Admit(settings), Is.Null, "run 2");
            Assert.That(Admit(settings), Is.EqualTo(windowEnd), "run 3 opens the window");
            clock.Advance(TimeSpan.FromSeconds(19.9));
            Assert.That(Admit(settings), Is.EqualTo(windowEnd), "run 4, still inside the window");
            clock.Advance(TimeSpan.FromSeconds(0.1));
            Assert.That(Admit(settings), Is.Null, "run 5, the window has ended");
            Assert.That(Admit(settings), Is.Null, "run 6");
            Assert.That(Admit(settings), Is.Null, "run 7: times=1 allows no second window");
        });
        Assert.That(state, Is.EqualTo(new AccountLimitState(Runs: 7, RunsSinceWindow: 3, Windows: 1, windowEnd)));
    }

    [Test]
    public void When_times_allows_two_windows_Should_count_after_runs_again_from_the_end_of_the_first()
    {
        var settings = new AccountLimitSettings(AfterRuns: 1, ResetIn: TimeSpan.FromSeconds(5), Times: 2);

        var outcomes = new List<bool>();
        for (var run = 0; run < 8; run++)
        {
            outcomes.Add(Admit(settings) is not null);
            clock.Advance(TimeSpan.FromSeconds(3));
        }

        // t=0 ok; t=3 opens a window until 8; t=6 inside it; t=9 ok; t=12 opens the second window until 17;
        // t=15 inside it; t=18 ok; t=21 ok, since both windows are spent.
        Assert.That(outcomes, Is.EqualTo(new[] { false, true, true, false, true, true, false, false }));
    }

    [Test]
    public void When_after_runs_is_zero_Should_limit_the_first_run()
    {
        Assert.That(Admit(new AccountLimitSettings(0, TimeSpan.FromSeconds(1), 1)), Is.Not.Null);
    }

    [Test]
    public void When_times_is_zero_Should_never_limit()
    {
        var settings = new AccountLimitSettings(0, TimeSpan.FromSeconds(1), 0);

        Assert.That(Enumerable.Range(0, 5).Select(_ => Admit(settings)), Is.All.Null);
    }

    [Test]
    public void When_the_state_is_saved_and_read_back_Should_be_the_same()
    {
        var saved = new AccountLimitState(5, 1, 2, new DateTimeOffset(2026, 11, 25, 23, 0, 2, 500, TimeSpan.Zero));

        Assert.Multiple(() =>
        {
            Assert.That(AccountLimitState.Parse(saved.ToJson()), Is.EqualTo(saved));
            Assert.That(AccountLimitState.Parse(""), Is.EqualTo(AccountLimitState.Empty));
            Assert.That(() => AccountLimitState.Parse("{\"runs\":"), Throws.InstanceOf<System.Text.Json.JsonException>());
        });
    }

    DateTimeOffset? Admit(AccountLimitSettings settings)
    {
        (state, var limitedUntil) = AccountLimiter.Admit(settings, state, clock.GetUtcNow());
        return limitedUntil;
    }
}
