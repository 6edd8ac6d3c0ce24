using Stamina.Cli.Parsing;

namespace Stamina.Cli.Tests.Parsing;

public class DurationTextTests
{
    [TestCase("90s", 90)]
    [TestCase("30m", 1800)]
    [TestCase("2h", 7200)]
    [TestCase(" 1.5h ", 5400)]
    [TestCase("00:30:00", 1800)]
    [TestCase("1.00:00:00", 86400)]
    [TestCase("1h30m", 5400)]
    [TestCase("2m30s", 150)]
    [TestCase("1h0m15s", 3615)]
    [TestCase("1500ms", 1.5)]
    public void When_the_text_is_a_duration_Should_read_it(string text, double seconds)
    {
        Assert.That(DurationText.TryParse(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("")]
    [TestCase("s")]
    [TestCase("10")]
    [TestCase("10d")]
    [TestCase("0m")]
    [TestCase("-5m")]
    [TestCase("00:00:00")]
    [TestCase("half an hour")]
    [TestCase("1e300s")]
    [TestCase("1e300h")]
    [TestCase("Infinityh")]
    [TestCase("NaNs")]
    [TestCase("200d")]
    [TestCase("10000000000:00:00")]
    [TestCase("200.00:00:00")]
    [TestCase("1h 30m")]
    [TestCase("h30m")]
    [TestCase("1h30")]
    [TestCase("30m1e3s")]
    public void When_the_text_is_not_a_positive_duration_Should_refuse_it(string text) =>
        Assert.That(DurationText.TryParse(text, out _), Is.False);
}
