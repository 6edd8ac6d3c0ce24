using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

[TestFixture]
public sealed class CoordinatorStartupTests
{
    [Test]
    public async Task When_no_api_key_is_configured_Should_refuse_to_start_and_say_how_to_fix_it()
    {
        await using var coordinator = ServiceProcess.Start("coordinator", RepositoryRoot.Program("Coordinator", "stamina-coordinator"),
            ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Database=none;Username=none;Password=none",
                ["ConnectionStrings__RabbitMq"] = "amqp://none:none@127.0.0.1:5672/none",
            });

        await coordinator.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.That(coordinator.ExitCode, Is.Not.Zero);
        Assert.That(string.Join('\n', coordinator.Output), Does.Contain("Stamina:ApiKey is not set"));
    }
}
