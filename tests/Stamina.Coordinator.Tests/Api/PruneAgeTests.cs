using Stamina.Coordinator.Api;

namespace Stamina.Coordinator.Tests.Api;

public class PruneAgeTests
{
    [TestCase("30s", 30)]
    [TestCase("90m", 90 * 60)]
    [TestCase("12h", 12 * 3600)]
    [TestCase("7d", 7 * 86400)]
    [TestCase(" 2w ", 14 * 86400)]
    public void When_the_age_has_a_unit_Should_read_it(string text, int seconds)
    {
        Assert.That(PruneAge.TryParse(text, out var age), Is.True);
        Assert.That(age, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("7")]
    [TestCase("d")]
    [TestCase("0d")]
    [TestCase("-1d")]
    [TestCase("+1d")]
    [TestCase("1.5d")]
    [TestCase("7 d")]
    [TestCase("7D")]
    [TestCase("7y")]
    [TestCase("1e3d")]
    [TestCase("99999w")]
    [TestCase("9999999999d")]
    public void When_the_age_is_not_one_Should_refuse_it(string? text) =>
        Assert.That(PruneAge.TryParse(text, out _), Is.False);
}
