using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Breakers;

namespace Stamina.Coordinator.Tests.Breakers;

/// <summary><c>Stamina:Breakers</c> as bound and validated at start: a bad value is refused with the setting's name.</summary>
[TestFixture]
public sealed class BreakerSettingsTests
{
    static BreakerSettings Bind(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddMetrics();
        services.AddBreakers();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<BreakerSettings>>().Value;
    }

    [Test]
    public void When_nothing_is_set_Should_use_the_defaults()
    {
        var settings = Bind([]);
        Assert.That((settings.Enabled, settings.Threshold, settings.Window, settings.CoolDown, settings.MaxCoolDown),
            Is.EqualTo((true, 3, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1))));
    }

    [Test]
    public void When_set_Should_bind_them()
    {
        var settings = Bind(new() { ["Stamina:Breakers:Threshold"] = "5", ["Stamina:Breakers:CoolDown"] = "00:01:00", ["Stamina:Breakers:Enabled"] = "false" });
        Assert.That((settings.Threshold, settings.CoolDown, settings.Enabled), Is.EqualTo((5, TimeSpan.FromMinutes(1), false)));
    }

    [TestCase("Threshold", "0", "Threshold")]
    [TestCase("Window", "00:00:00", "Window")]
    [TestCase("CoolDown", "-00:01:00", "CoolDown")]
    [TestCase("MaxCoolDown", "00:01:00", "MaxCoolDown must be at least Stamina:Breakers:CoolDown")]
    public void When_a_value_is_out_of_range_Should_refuse_it_naming_the_setting(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [$"Stamina:Breakers:{key}"] = value }));
        Assert.That(error!.Message, Does.Contain(named));
    }

    [Test]
    public void When_a_value_is_not_a_number_Should_refuse_it()
    {
        Assert.That(() => Bind(new() { ["Stamina:Breakers:Threshold"] = "many" }), Throws.InstanceOf<InvalidOperationException>()
            .With.Message.Contain("Threshold"));
    }
}
