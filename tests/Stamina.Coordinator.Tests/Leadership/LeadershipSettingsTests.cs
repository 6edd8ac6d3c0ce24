using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Leadership;
using Stamina.ServiceDefaults.Hosting;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Leadership;

/// <summary>Bad <c>Stamina:Leadership</c> settings are refused at start, naming the setting.</summary>
[TestFixture]
public sealed class LeadershipSettingsTests
{
    [TestCase("00:00:00.001", "00:00:10", "PollInterval")]
    [TestCase("00:00:02", "00:00:05", "SessionTimeout must be at least three times")]
    [TestCase("00:00:02", "00:30:00", "SessionTimeout")]
    [TestCase("soon", "00:00:10", "PollInterval")]
    public async Task Bad_settings_Should_be_refused_with_the_settings_name(string poll, string session, string expected)
    {
        await using var file = new TemporarySqliteDatabase();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = file.ConnectionString,
            ["ConnectionStrings:Postgres"] = null,
            ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/",
            ["Stamina:InsecureNoApiKey"] = "true",
            ["Stamina:Leadership:PollInterval"] = poll,
            ["Stamina:Leadership:SessionTimeout"] = session,
        });
        builder.AddCoordinator(new HostRestart());
        await using var app = builder.Build();

        var error = Assert.Catch(() => _ = app.Services.GetRequiredService<IOptions<LeadershipSettings>>().Value);

        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public async Task The_defaults_Should_be_accepted()
    {
        await using var file = new TemporarySqliteDatabase();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = file.ConnectionString,
            ["ConnectionStrings:Postgres"] = null,
            ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/",
            ["Stamina:InsecureNoApiKey"] = "true",
        });
        builder.AddCoordinator(new HostRestart());
        await using var app = builder.Build();

        var settings = app.Services.GetRequiredService<IOptions<LeadershipSettings>>().Value;

        Assert.That((settings.PollInterval, settings.SessionTimeout), Is.EqualTo((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10))));
    }
}
