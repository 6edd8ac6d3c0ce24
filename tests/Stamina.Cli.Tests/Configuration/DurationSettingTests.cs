using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Stamina.ServiceDefaults.Configuration;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Configuration;

/// <summary>TimeSpan settings read the one duration grammar from stamina.yml, as the services bind them.</summary>
public class DurationSettingTests
{
    public sealed class Timings
    {
        [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);
    }

    [TestCase("10m", 600)]
    [TestCase("1h30m", 5400)]
    [TestCase("90s", 90)]
    [TestCase("00:10:00", 600)]
    [TestCase("2.5s", 2.5)]
    public void When_stamina_yml_writes_a_duration_Should_bind_it(string text, double seconds)
    {
        var timings = Bind(text);

        Assert.That(timings.Timeout, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
        Assert.That(Validator.TryValidateObject(timings, new ValidationContext(timings), null, validateAllProperties: true), Is.True);
    }

    [TestCase("30", "give the unit")]
    [TestCase("ten minutes", "ten minutes")]
    public void When_stamina_yml_writes_no_duration_Should_refuse_it_naming_the_text(string text, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(text));

        Assert.That(error!.ToString(), Does.Contain(expected));
    }

    [Test]
    public void When_a_duration_is_out_of_the_settings_range_Should_fail_validation()
    {
        var timings = Bind("48h");

        Assert.That(Validator.TryValidateObject(timings, new ValidationContext(timings), null, validateAllProperties: true), Is.False);
    }

    static Timings Bind(string text)
    {
        using var directory = new TemporaryDirectory("durations");
        var file = directory.Combine("stamina.yml");
        File.WriteAllText(file, $"Timings:\n  Timeout: \"{text}\"\n");
        var configuration = new ConfigurationBuilder().AddStaminaYaml(file).Build();
        return configuration.GetSection("Timings").Get<Timings>()!;
    }
}
