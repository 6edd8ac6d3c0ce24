using Stamina.Coordinator.Api;

namespace Stamina.Coordinator.Tests.Api;

/// <summary>The window of /api/report and /api/stats; the 400s and the parameters they name are checked end to end.</summary>
public sealed class WindowQueryTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    [TestCase("12h", null, null, "2026-12-05T20:00:00Z", "2026-12-06T08:00:00Z")]
    [TestCase("90m", null, null, "2026-12-06T06:30:00Z", "2026-12-06T08:00:00Z")]
    [TestCase("3600", null, null, "2026-12-06T07:00:00Z", "2026-12-06T08:00:00Z")]
    [TestCase("01:00:00", null, "2026-12-06T05:00:00Z", "2026-12-06T04:00:00Z", "2026-12-06T05:00:00Z")]
    [TestCase(null, "2026-12-05T21:00:00+01:00", null, "2026-12-05T20:00:00Z", "2026-12-06T08:00:00Z")]
    [TestCase(null, "2026-12-05T21:00:00 01:00", null, "2026-12-05T20:00:00Z", "2026-12-06T08:00:00Z")]
    [TestCase(null, "2026-12-05T20:00Z", "2026-12-05T22:30:00.5Z", "2026-12-05T20:00:00Z", "2026-12-05T22:30:00.5Z")]
    [TestCase(null, null, "2026-12-05T12:00:00Z", "2026-12-05T00:00:00Z", "2026-12-05T12:00:00Z")]
    public void A_valid_window_Should_be_read_in_utc(string? since, string? from, string? to, string expectedFrom, string expectedTo)
    {
        var (window, problem) = WindowQuery.Read(since, from, to, Now, TimeSpan.FromHours(12));

        Assert.That(problem, Is.Null);
        Assert.That((window!.From, window.To), Is.EqualTo((DateTimeOffset.Parse(expectedFrom), DateTimeOffset.Parse(expectedTo))));
        Assert.That(window.From.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void No_window_without_a_default_Should_mean_all_time()
    {
        var (window, problem) = WindowQuery.Read(null, null, null, Now, defaultSince: null);
        Assert.That(window, Is.Null);
        Assert.That(problem, Is.Null);
    }

    [TestCase("abc", null, null)]
    [TestCase("", null, null)]
    [TestCase("0", null, null)]
    [TestCase("-1h", null, null)]
    [TestCase("NaN", null, null)]
    [TestCase("1e300s", null, null)]
    [TestCase("\ud800h", null, null)]
    [TestCase("1h", "2026-12-05T20:00:00Z", null)]
    [TestCase(null, "2026-12-05", null)]
    [TestCase(null, "2026-12-05T20:00:00", null)]
    [TestCase(null, "05/12/2026 20:00 +00:00", null)]
    [TestCase(null, "2026-12-05T25:00:00Z", null)]
    [TestCase(null, "2026-12-06T08:00:00Z", null)]
    [TestCase(null, "2026-12-06T09:00:00Z", "2026-12-06T08:00:00Z")]
    [TestCase(null, null, "tomorrow")]
    [TestCase(null, null, "2026-12-06T08:00:00\0Z")]
    public void A_malformed_window_Should_be_a_problem(string? since, string? from, string? to)
    {
        var (window, problem) = WindowQuery.Read(since, from, to, Now, TimeSpan.FromHours(12));

        Assert.That(window, Is.Null);
        Assert.That(problem, Is.Not.Null);
    }
}
