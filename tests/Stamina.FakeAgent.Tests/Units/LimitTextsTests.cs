using Stamina.FakeAgent.Dialects;

namespace Stamina.FakeAgent.Tests.Units;

public class LimitTextsTests
{
    [TestCase("2026-11-25T23:45:10Z", "You've hit your limit · resets 11:46pm (UTC)")]
    [TestCase("2026-11-25T13:00:00Z", "You've hit your limit · resets 1:00pm (UTC)")]
    [TestCase("2026-11-25T00:05:00.001Z", "You've hit your limit · resets 12:06am (UTC)")]
    public void When_claude_hits_its_limit_Should_name_the_reset_rounded_up_to_the_minute(string resetsAt, string text)
    {
        Assert.That(LimitTexts.Claude(DateTimeOffset.Parse(resetsAt, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(text));
    }

    [TestCase("2026-04-28T22:02:30Z", "Apr 28th, 2026 10:03 PM")]
    [TestCase("2026-05-01T09:15:00Z", "May 1st, 2026 9:15 AM")]
    [TestCase("2026-05-02T00:00:00Z", "May 2nd, 2026 12:00 AM")]
    [TestCase("2026-05-03T12:00:00Z", "May 3rd, 2026 12:00 PM")]
    [TestCase("2026-05-11T12:00:00Z", "May 11th, 2026 12:00 PM")]
    [TestCase("2026-05-22T12:00:00Z", "May 22nd, 2026 12:00 PM")]
    public void When_codex_hits_its_limit_Should_give_the_date_with_an_ordinal_day(string resetsAt, string date)
    {
        var text = LimitTexts.Codex(DateTimeOffset.Parse(resetsAt, System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(text, Does.StartWith("You've hit your usage limit.").And.EndWith($"try again at {date}."));
    }

    [TestCase(20, "after 20s.")]
    [TestCase(3725, "after 1h2m5s.")]
    [TestCase(60, "after 1m0s.")]
    public void When_gemini_hits_its_quota_Should_say_429_and_the_wait(int seconds, string wait)
    {
        Assert.That(LimitTexts.Gemini(TimeSpan.FromSeconds(seconds)), Does.Contain("429").And.Contain(wait));
    }

    [Test]
    public void When_the_reset_falls_inside_a_second_Should_round_the_epoch_up()
    {
        Assert.That(LimitTexts.EpochSecondsRoundedUp(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_001)), Is.EqualTo(1_800_000_001));
    }
}
