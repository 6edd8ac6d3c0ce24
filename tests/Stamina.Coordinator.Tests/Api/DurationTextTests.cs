using System.Text.Json;
using Stamina.Coordinator.Api;

namespace Stamina.Coordinator.Tests.Api;

public sealed class DurationTextTests
{
    [TestCase("\"90s\"", 90)]
    [TestCase("\"30m\"", 1800)]
    [TestCase("\"1.5h\"", 5400)]
    [TestCase("\"00:30:00\"", 1800)]
    [TestCase("\"45\"", 45)]
    [TestCase("120", 120)]
    [TestCase("\"1h30m\"", 5400)]
    public void When_a_duration_is_readable_Should_parse_to_seconds(string json, int seconds)
    {
        Assert.That(DurationText.TryParse(JsonDocument.Parse(json).RootElement, out var duration, out _), Is.True);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("\"soon\"")]
    [TestCase("\"\"")]
    [TestCase("\"-5m\"")]
    [TestCase("\"10x\"")]
    [TestCase("0")]
    [TestCase("-3")]
    [TestCase("true")]
    [TestCase("[1]")]
    [TestCase("\"1e300s\"")]
    [TestCase("\"1e300\"")]
    [TestCase("\"1e300h\"")]
    [TestCase("\"Infinitys\"")]
    [TestCase("\"NaNm\"")]
    [TestCase("\"NaN\"")]
    [TestCase("\"-Infinity\"")]
    [TestCase("1e300")]
    [TestCase("1e400")]
    [TestCase("\"99999999999999h\"")]
    [TestCase("\"10675199.02:48:05.4775808\"")]
    [TestCase("\"\\ud800x\\udc00\"")]
    [TestCase("\"5\\udfffm\"")]
    public void When_a_duration_is_unreadable_Should_refuse_it_with_a_hint(string json)
    {
        Assert.That(DurationText.TryParse(JsonDocument.Parse(json).RootElement, out _, out var error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }
}
