using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

[TestFixture]
public sealed class NotificationStartupTests
{
    [Test]
    public async Task When_a_webhook_is_misconfigured_Should_refuse_to_start_naming_each_setting_without_the_url()
    {
        await using var coordinator = ServiceProcess.Start("coordinator", RepositoryRoot.Program("Coordinator", "stamina-coordinator"),
            ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Database=none;Username=none;Password=none",
                ["ConnectionStrings__RabbitMq"] = "amqp://none:none@127.0.0.1:5672/none",
                ["Stamina__ApiKey"] = new string('k', 32),
                ["Stamina__Notifications__Webhooks__0__Url"] = "hooks.example.com/services/TOPSECRET",
                ["Stamina__Notifications__Webhooks__1__Url"] = "https://hooks.example.com/services/TOPSECRET",
                ["Stamina__Notifications__Webhooks__1__Format"] = "teams",
            });

        await coordinator.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var output = string.Join('\n', coordinator.Output);
        Assert.That(coordinator.ExitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain("Stamina:Notifications:Webhooks:0:Url is missing or not an absolute http(s) URL."));
        Assert.That(output, Does.Contain("Stamina:Notifications:Webhooks:1:Format 'teams' is unknown; use json, slack, ntfy."));
        Assert.That(output, Does.Not.Contain("TOPSECRET"));
    }
}
