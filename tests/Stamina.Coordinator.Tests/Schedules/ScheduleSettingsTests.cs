using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Schedules;
using Stamina.ServiceDefaults.Hosting;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Schedules;

/// <summary>Bad <c>Stamina:Schedules</c> settings are refused at start, naming the setting.</summary>
[TestFixture]
public sealed class ScheduleSettingsTests
{
    [TestCase("00:00:00.001", null, "PollInterval")]
    [TestCase("00:05:00", null, "PollInterval")]
    [TestCase("soon", null, "PollInterval")]
    [TestCase("00:00:30", "00:00:40", "MissedAfter must be at least twice")]
    [TestCase(null, "2.00:00:00", "MissedAfter")]
    public async Task Bad_settings_Should_be_refused_with_the_settings_name(string? poll, string? missedAfter, string expected)
    {
        await using var file = new TemporarySqliteDatabase();
        await using var app = Build(file, poll, missedAfter);

        var error = Assert.Catch(() => _ = app.Services.GetRequiredService<IOptions<ScheduleSettings>>().Value);

        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public async Task The_defaults_Should_be_accepted()
    {
        await using var file = new TemporarySqliteDatabase();
        await using var app = Build(file, null, null);

        var settings = app.Services.GetRequiredService<IOptions<ScheduleSettings>>().Value;

        Assert.That((settings.PollInterval, settings.MissedAfter), Is.EqualTo((TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2))));
    }

    static WebApplication Build(TemporarySqliteDatabase file, string? poll, string? missedAfter)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = file.ConnectionString,
            ["ConnectionStrings:Postgres"] = null,
            ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/",
            ["Stamina:InsecureNoApiKey"] = "true",
        };
        // Unset means the default: a null value would bind as zero.
        if (poll is not null)
            settings["Stamina:Schedules:PollInterval"] = poll;
        if (missedAfter is not null)
            settings["Stamina:Schedules:MissedAfter"] = missedAfter;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCoordinator(new HostRestart());
        return builder.Build();
    }
}
