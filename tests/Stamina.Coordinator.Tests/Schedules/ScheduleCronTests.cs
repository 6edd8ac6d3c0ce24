using Stamina.Coordinator.Schedules;

namespace Stamina.Coordinator.Tests.Schedules;

/// <summary>Occurrences on a wall clock with daylight saving (Europe/Berlin: CET +01:00, CEST +02:00 from 29 March to 25 October 2026).</summary>
public sealed class ScheduleCronTests
{
    static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Test]
    public void A_weekday_schedule_Should_keep_its_wall_clock_time_across_the_spring_change()
    {
        var cron = ScheduleCron.Of("0 22 * * 1-5", "Europe/Berlin");

        var friday = cron.NextAfter(Utc(3, 27, 12));
        var monday = cron.NextAfter(friday!.Value);

        Assert.That(friday, Is.EqualTo(Utc(3, 27, 21)), "Friday 22:00 CET is 21:00 UTC");
        Assert.That(monday, Is.EqualTo(Utc(3, 30, 20)), "the weekend is skipped, and Monday 22:00 CEST is 20:00 UTC");
        Assert.That(cron.InZone(monday!.Value).Offset, Is.EqualTo(TimeSpan.FromHours(2)));
    }

    [Test]
    public void An_occurrence_in_the_spring_gap_Should_fire_once_when_the_clock_jumps()
    {
        // 02:30 does not exist on 29 March (02:00 CET jumps to 03:00 CEST): Cronos fires at the jump, 03:00 CEST.
        var cron = ScheduleCron.Of("30 2 * * *", "Europe/Berlin");

        var (latest, earlier) = cron.LatestBetween(Utc(3, 28, 12), Utc(3, 29, 12));

        Assert.That(latest, Is.EqualTo(Utc(3, 29, 1)), "03:00 CEST = 01:00 UTC");
        Assert.That(earlier, Is.Zero);
        Assert.That(cron.NextAfter(Utc(3, 29, 1)), Is.EqualTo(Utc(3, 30, 0, 30)), "the next day 02:30 CEST again");
    }

    [Test]
    public void A_daily_occurrence_in_the_autumn_overlap_Should_fire_once_at_the_first_of_the_two_times()
    {
        // 02:30 happens twice on 25 October (CEST, then CET again): a fixed-time expression fires only at the first.
        var cron = ScheduleCron.Of("30 2 * * *", "Europe/Berlin");

        var first = cron.NextAfter(Utc(10, 24, 12));

        Assert.That(first, Is.EqualTo(Utc(10, 25, 0, 30)), "02:30 CEST = 00:30 UTC");
        Assert.That(cron.NextAfter(first!.Value), Is.EqualTo(Utc(10, 26, 1, 30)), "not 02:30 CET the same night: the next is 26 October");
    }

    [Test]
    public void An_interval_expression_in_the_autumn_overlap_Should_fire_in_both_hours()
    {
        // Every 30 minutes: the repeated hour is a real hour of elapsed time, and Cronos fires in both.
        var cron = ScheduleCron.Of("*/30 2 * * *", "Europe/Berlin");

        var occurrences = cron.Expression.GetOccurrences(Utc(10, 24, 23), Utc(10, 25, 3), cron.Zone).ToList();

        Assert.That(occurrences, Has.Count.EqualTo(4), string.Join(", ", occurrences));
    }

    [Test]
    public void Only_the_latest_of_several_passed_occurrences_Should_be_due()
    {
        var cron = ScheduleCron.Of("0 * * * *", "UTC");

        var (latest, earlier) = cron.LatestBetween(Utc(6, 1, 0, 30), Utc(6, 1, 5, 10));

        Assert.That(latest, Is.EqualTo(Utc(6, 1, 5)));
        Assert.That(earlier, Is.EqualTo(4));
    }

    [Test]
    public void Six_fields_Should_read_the_first_as_seconds()
    {
        var cron = ScheduleCron.Of("*/10 * * * * *", "UTC");

        Assert.That(cron.NextAfter(Utc(6, 1, 0)), Is.EqualTo(Utc(6, 1, 0).AddSeconds(10)));
    }

    [TestCase("", "a cron expression is required")]
    [TestCase("0 22 * *", "has 4 field(s)")]
    [TestCase("0 0 22 * * * *", "has 7 field(s)")]
    [TestCase("0 25 * * *", "is not a valid cron expression")]
    [TestCase("banana 22 * * 1-5", "is not a valid cron expression")]
    public void A_bad_cron_expression_Should_be_refused_saying_why(string cron, string expected)
    {
        Assert.That(ScheduleCron.TryParse(cron, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(expected));
    }

    [TestCase("Mars/Olympus_Mons")]
    [TestCase("W. Europe Standard Time")]
    [TestCase("")]
    public void An_unknown_or_non_iana_time_zone_Should_be_refused_naming_it(string zone)
    {
        Assert.That(ScheduleCron.TryFindZone(zone, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(zone.Length == 0 ? "time zone is required" : $"'{zone}' is not a known IANA time zone id"));
    }

    [TestCase("Europe/Berlin")]
    [TestCase("America/New_York")]
    [TestCase("UTC")]
    [TestCase("Etc/UTC")]
    public void An_iana_time_zone_Should_be_accepted(string zone) =>
        Assert.That(ScheduleCron.TryFindZone(zone, out _, out _), Is.True);
}
