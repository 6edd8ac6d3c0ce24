using Stamina.Cli.Render;

namespace Stamina.Cli.Tests.Render;

public class TimeTextTests
{
    static readonly DateTimeOffset Now = new(2025, 11, 25, 21, 0, 0, TimeSpan.Zero);

    [TestCase(42, "42s ago")]
    [TestCase(5 * 60 + 30, "5m ago")]
    [TestCase(3 * 3600 + 120, "3h ago")]
    [TestCase(30 * 3600, "30h ago")]
    [TestCase(3 * 86400, "3d ago")]
    [TestCase(-4 * 60, "in 4m")]
    public void When_showing_how_long_ago_Should_use_the_largest_unit(int secondsAgo, string expected) =>
        Assert.That(TimeText.Relative(Now.AddSeconds(-secondsAgo), Now), Is.EqualTo(expected));

    [Test]
    public void When_there_is_no_time_Should_show_a_dash() => Assert.That(TimeText.Relative(null, Now), Is.EqualTo("-"));

    [TestCase(45, "45s")]
    [TestCase(192, "3m12s")]
    [TestCase(3720, "1h02m")]
    [TestCase(183600, "2d03h")]
    public void When_showing_a_duration_Should_use_the_two_largest_units(int seconds, string expected) =>
        Assert.That(TimeText.Duration(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));
}
