using Microsoft.Extensions.Time.Testing;
using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

/// <summary>Every limit form in agent-cli.md, read at a fixed now: 2026-11-25 23:40 UTC (a Wednesday).</summary>
[TestFixture]
public sealed class UsageLimitTextTests
{
    [TestCase("Claude AI usage limit reached|1795665600", "2026-11-26T04:00:00Z")]
    [TestCase("Claude AI usage limit reached|1795665600000", "2026-11-26T04:00:00Z")]
    [TestCase("Claude usage limit reached. Your limit will reset at 9am (America/Chicago).", "2026-11-26T15:00:00Z")]
    [TestCase("5-hour limit reached ∙ resets 2am", "2026-11-26T02:00:00Z")]
    [TestCase("You've hit your limit · resets 1pm (Europe/Lisbon)", "2026-11-26T13:00:00Z")]
    [TestCase("You've hit your session limit · resets 11:50pm", "2026-11-25T23:50:00Z")]
    [TestCase("You've hit your session limit · resets 3:30pm (UTC)", "2026-11-26T15:30:00Z")]
    [TestCase("You're out of extra usage · resets Dec 1, 10am (America/New_York)", "2026-12-01T15:00:00Z")]
    [TestCase("You've hit your weekly limit · resets Jan 3 at 9am", "2027-01-03T09:00:00Z")]
    [TestCase("You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing) or try again at Dec 2nd, 2026 10:03 PM.", "2026-12-02T22:03:00Z")]
    [TestCase("You've hit your usage limit. Upgrade to Plus to continue using Codex, or try again at Nov 27th 9:15 AM.", "2026-11-27T09:15:00Z")]
    [TestCase("You've hit your usage limit. Try again at 10:03 PM.", "2026-11-26T22:03:00Z")]
    [TestCase("You've hit your usage limit. Upgrade to Pro or try again in 2 hours.", "2026-11-26T01:40:00Z")]
    [TestCase("You've hit your usage limit. Try again in 4 days 2 hours 5 minutes.", "2026-11-30T01:45:00Z")]
    [TestCase("You have exhausted your capacity on this model. Your quota will reset after 2h52m39s.", "2026-11-26T02:32:39Z")]
    public void Should_read_the_reset_instant(string text, string expected)
    {
        var limits = new UsageLimitText(StreamFiles.Clock());

        Assert.That(limits.TryRead(text, out var resetsAt), Is.True);
        Assert.That(resetsAt, Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("API Error: 429 {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}")]
    [TestCase("You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing), or wait for limits to reset (every 5h and every week.).")]
    [TestCase("You've hit your limit · resets 1pm (Mars/Olympus_Mons)")]
    [TestCase("5-hour limit reached ∙ resets 25pm")]
    [TestCase("Claude usage limit reached.")]
    [TestCase("Quota exceeded. Check your plan and billing details.")]
    public void Should_recognise_a_limit_without_a_readable_reset(string text)
    {
        var limits = new UsageLimitText(StreamFiles.Clock());

        Assert.That(limits.TryRead(text, out var resetsAt), Is.True);
        Assert.That(resetsAt, Is.Null);
    }

    [TestCase("")]
    [TestCase(null)]
    [TestCase("All 42 tests pass.")]
    [TestCase("Rate limits reset every hour; I added a retry.")]
    [TestCase("resets 2am")]
    public void Should_not_see_a_limit_in_other_text(string? text)
    {
        var limits = new UsageLimitText(StreamFiles.Clock());

        Assert.That(limits.TryRead(text, out var resetsAt), Is.False);
        Assert.That(resetsAt, Is.Null);
    }

    [Test]
    public void Should_read_the_documented_codex_example_before_its_date()
    {
        var limits = new UsageLimitText(new FakeTimeProvider(new DateTimeOffset(2026, 4, 28, 12, 0, 0, TimeSpan.Zero)));

        Assert.That(limits.TryRead("You've hit your usage limit… try again at Apr 28th, 2026 10:03 PM.", out var resetsAt), Is.True);
        Assert.That(resetsAt, Is.EqualTo(new DateTimeOffset(2026, 4, 28, 22, 3, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Should_read_a_time_without_zone_in_the_clocks_local_zone()
    {
        var clock = StreamFiles.Clock();
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var limits = new UsageLimitText(clock);

        // Now is 08:40 on Nov 26 in Tokyo: the next 2am there is Nov 27 02:00 +09:00.
        Assert.That(limits.TryRead("5-hour limit reached ∙ resets 2am", out var resetsAt), Is.True);
        Assert.That(resetsAt, Is.EqualTo(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.FromHours(9))));
    }

    [Test]
    public void Should_take_the_first_valid_time_after_a_spring_forward_gap()
    {
        var limits = new UsageLimitText(new FakeTimeProvider(new DateTimeOffset(2027, 3, 13, 12, 0, 0, TimeSpan.Zero)));

        // 2:30am does not exist in Chicago on 2027-03-14; 3:30am CDT (08:30 UTC) follows the gap.
        Assert.That(limits.TryRead("5-hour limit reached ∙ resets 2:30am (America/Chicago)", out var resetsAt), Is.True);
        Assert.That(resetsAt, Is.EqualTo(new DateTimeOffset(2027, 3, 14, 8, 30, 0, TimeSpan.Zero)));
    }
}
