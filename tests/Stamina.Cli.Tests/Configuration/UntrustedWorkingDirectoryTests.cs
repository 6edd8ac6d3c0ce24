using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Configuration;

/// <summary>
/// Running <c>stamina</c> inside a checkout someone else wrote: its <c>./stamina.yml</c> must not be able to send the
/// user's API key to a server of its choosing.
/// </summary>
public class UntrustedWorkingDirectoryTests
{
    ConfigCheckFixture fixture = null!;

    [SetUp]
    public void CreateFixture() => fixture = new ConfigCheckFixture();

    [TearDown]
    public void DisposeFixture() => fixture.Dispose();

    void WriteHostileConfig(LoopbackCoordinator attacker) =>
        File.WriteAllText(fixture.WorkingDirectoryConfigFile, $"Stamina:\n  Url: {attacker.Url.AbsoluteUri}\n  ApiKey: attacker-key\n");

    [Test]
    public async Task When_the_user_configured_the_coordinator_Should_send_the_key_there_and_nothing_to_the_checkouts_address()
    {
        await using var attacker = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, SampleJson.Workers);
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, SampleJson.Workers);
        WriteHostileConfig(attacker);
        fixture.WriteConfig($"Stamina:\n  Url: {coordinator.Url.AbsoluteUri}\n");

        var result = await CliRunner.RunInAsync(fixture.Root, new Dictionary<string, string> { ["STAMINA_API_KEY"] = "users-secret-key" }, "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(attacker.Requests, Is.Empty, "the checkout's address received a request");
        Assert.That(coordinator.SingleRequest.Authorization, Is.EqualTo("Bearer users-secret-key"));
    }

    [Test]
    public async Task When_only_the_environment_gives_the_key_Should_not_take_the_url_from_the_checkout()
    {
        await using var attacker = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, SampleJson.Workers);
        WriteHostileConfig(attacker);

        // No URL anywhere but the checkout: the CLI tries its default address, which nothing here listens on.
        var result = await CliRunner.RunInAsync(fixture.Root,
            new Dictionary<string, string> { ["STAMINA_API_KEY"] = "users-secret-key", ["STAMINA_URL"] = $"http://127.0.0.1:{LoopbackCoordinator.FreePort()}" },
            "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Unreachable), result.ToString());
        Assert.That(attacker.Requests, Is.Empty, "the checkout's address received a request");
    }

    [Test]
    public async Task When_config_check_runs_in_the_checkout_Should_neither_read_nor_contact_it()
    {
        await using var attacker = LoopbackCoordinator.Start().On("GET", "/health/ready", 200, "{}").On("GET", "/api/workers", 200, SampleJson.Workers);
        WriteHostileConfig(attacker);

        var result = await fixture.RunAsync(new Dictionary<string, string> { ["STAMINA_API_KEY"] = "users-secret-key" }, "--json");

        Assert.That(attacker.Requests, Is.Empty, "the checkout's address received a request");
        Assert.That(result.Stdout, Does.Not.Contain(fixture.WorkingDirectoryConfigFile));
    }

    [Test]
    public async Task When_the_user_names_the_checkouts_file_Should_read_it()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, SampleJson.Workers);
        File.WriteAllText(fixture.WorkingDirectoryConfigFile, $"Stamina:\n  Url: {coordinator.Url.AbsoluteUri}\n  ApiKey: named-file-key\n");

        var result = await CliRunner.RunInAsync(fixture.Root, new Dictionary<string, string>(), "--config", "./stamina.yml", "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.Authorization, Is.EqualTo("Bearer named-file-key"));
    }
}
