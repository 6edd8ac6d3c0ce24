using Stamina.Worker.Fleet;

namespace Stamina.Worker.Tests.Fleet;

[TestFixture]
public sealed class ShiftWindowTests
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [TestCase("22:00-07:00", 21, 59, false)]
    [TestCase("22:00-07:00", 22, 0, true)]
    [TestCase("22:00-07:00", 23, 59, true)]
    [TestCase("22:00-07:00", 0, 0, true)]
    [TestCase("22:00-07:00", 6, 59, true)]
    [TestCase("22:00-07:00", 7, 0, false)]
    [TestCase("22:00-07:00", 12, 0, false)]
    [TestCase("09:00-17:30", 8, 59, false)]
    [TestCase("09:00-17:30", 9, 0, true)]
    [TestCase("09:00-17:30", 17, 29, true)]
    [TestCase("09:00-17:30", 17, 30, false)]
    public void A_window_Should_be_open_from_its_start_to_just_before_its_end_across_midnight_too(string shift, int hour, int minute, bool open)
    {
        var window = ShiftWindow.Parse(shift, "UTC");
        Assert.That(window.IsOpen(Utc(6, 10, hour, minute)), Is.EqualTo(open));
    }

    [Test]
    public void Outside_a_window_across_midnight_Should_open_next_at_its_start_that_evening()
    {
        var window = ShiftWindow.Parse("22:00-07:00", "Europe/Berlin");
        // 12:00 UTC on a summer day is 14:00 in Berlin (UTC+2): it opens at 22:00 local, 20:00 UTC.
        Assert.That(window.NextOpening(Utc(6, 10, 12)), Is.EqualTo(Utc(6, 10, 20)));
        Assert.That(window.NextOpening(Utc(6, 10, 21)), Is.EqualTo(Utc(6, 10, 21)), "open now: opens now");
        // 05:30 UTC is 07:30 local: closed until 22:00 local the same day.
        Assert.That(window.NextOpening(Utc(6, 11, 5, 30)), Is.EqualTo(Utc(6, 11, 20)));
    }

    [Test]
    public void A_night_window_over_the_spring_change_Should_close_at_seven_summer_time()
    {
        // Berlin turns its clocks from 02:00 to 03:00 on 29 March 2026: the night is an hour shorter.
        var window = ShiftWindow.Parse("22:00-07:00", "Europe/Berlin");
        Assert.That(window.IsOpen(Utc(3, 28, 20, 59)), Is.False, "21:59 CET");
        Assert.That(window.IsOpen(Utc(3, 28, 21)), Is.True, "22:00 CET");
        Assert.That(window.IsOpen(Utc(3, 29, 4, 59)), Is.True, "06:59 CEST");
        Assert.That(window.IsOpen(Utc(3, 29, 5)), Is.False, "07:00 CEST");
        Assert.That(window.NextOpening(Utc(3, 29, 5)), Is.EqualTo(Utc(3, 29, 20)), "22:00 CEST");
    }

    [Test]
    public void An_opening_in_the_skipped_hour_Should_open_when_the_clocks_jump()
    {
        var window = ShiftWindow.Parse("02:30-05:00", "Europe/Berlin");
        // 02:30 does not exist on 29 March 2026 in Berlin: the window opens at 03:00 CEST, 01:00 UTC.
        Assert.That(window.NextOpening(Utc(3, 28, 12)), Is.EqualTo(Utc(3, 29, 1)));
        Assert.That(window.IsOpen(Utc(3, 29, 1)), Is.True);
    }

    [Test]
    public void An_opening_in_the_repeated_hour_Should_open_at_its_first_occurrence()
    {
        var window = ShiftWindow.Parse("02:30-04:00", "Europe/Berlin");
        // 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens at 00:30 UTC and again at 01:30 UTC.
        Assert.That(window.NextOpening(Utc(10, 24, 12)), Is.EqualTo(Utc(10, 25, 0, 30)));
        Assert.That(window.IsOpen(Utc(10, 25, 2, 59)), Is.True, "03:59 CET");
        Assert.That(window.IsOpen(Utc(10, 25, 3)), Is.False, "04:00 CET");
    }

    [TestCase("22:00", "is not a window like 22:00-07:00")]
    [TestCase("22:00-07:00-09:00", "is not a window like 22:00-07:00")]
    [TestCase("25:00-07:00", "'25:00' is not a time of day")]
    [TestCase("22:00-7pm", "'7pm' is not a time of day")]
    [TestCase("08:00-08:00", "starts and ends at the same time")]
    public void A_bad_window_Should_be_refused_saying_why(string shift, string why)
    {
        var error = Assert.Throws<FormatException>(() => ShiftWindow.Parse(shift, "UTC"));
        Assert.That(error!.Message, Does.Contain(why));
    }

    [Test]
    public void An_unknown_time_zone_Should_be_refused_naming_it()
    {
        var error = Assert.Throws<FormatException>(() => ShiftWindow.Parse("22:00-07:00", "Mars/Olympus"));
        Assert.That(error!.Message, Does.Contain("time zone 'Mars/Olympus' is unknown"));
    }

    [Test]
    public void Without_a_time_zone_Should_use_the_machines_own()
    {
        Assert.That(ShiftWindow.Parse("22:00-07:00", null).TimeZone, Is.EqualTo(TimeZoneInfo.Local));
        Assert.That(ShiftWindow.Parse("22:00-07:00", "Europe/Berlin").TimeZone.Id, Is.EqualTo(Berlin.Id));
    }
}
