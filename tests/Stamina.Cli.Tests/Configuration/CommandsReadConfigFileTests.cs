using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Configuration;

/// <summary>Every command takes the coordinator's address and key from stamina.yml when no flag or variable gives them.</summary>
public class CommandsReadConfigFileTests
{
    ConfigCheckFixture fixture = null!;

    [SetUp]
    public void CreateFixture() => fixture = new ConfigCheckFixture();

    [TearDown]
    public void DisposeFixture() => fixture.Dispose();

    Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        CliRunner.RunInAsync(fixture.Root, environment, args);

    [Test]
    public async Task When_the_file_names_the_coordinator_and_key_Should_use_them()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, SampleJson.Workers);
        fixture.WriteConfig($"Stamina:\n  Url: {coordinator.Url.AbsoluteUri}\n  ApiKey: file-key-123\n");

        var result = await RunAsync(new Dictionary<string, string>(), "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.Authorization, Is.EqualTo("Bearer file-key-123"));
    }

    [Test]
    public async Task When_the_environment_and_flags_also_give_a_key_Should_prefer_the_flag_then_the_environment()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, SampleJson.Workers);
        fixture.WriteConfig($"Stamina:\n  Url: http://127.0.0.1:1/\n  ApiKey: file-key-123\n");
        var environment = new Dictionary<string, string> { ["STAMINA_API_KEY"] = "env-key-456", ["STAMINA_URL"] = coordinator.Url.AbsoluteUri };

        var fromEnvironment = await RunAsync(environment, "workers");
        var fromFlag = await RunAsync(environment, "--api-key", "flag-key-789", "workers");

        Assert.That(fromEnvironment.ExitCode, Is.EqualTo(ExitCodes.Ok), fromEnvironment.ToString());
        Assert.That(fromFlag.ExitCode, Is.EqualTo(ExitCodes.Ok), fromFlag.ToString());
        Assert.That(coordinator.Requests.Select(r => r.Authorization), Is.EqualTo(new[] { "Bearer env-key-456", "Bearer flag-key-789" }));
    }

    [Test]
    public async Task When_the_file_is_broken_Should_exit_2_naming_file_line_and_column()
    {
        fixture.WriteConfig("Stamina:\n  Url: [\n");

        var result = await RunAsync(new Dictionary<string, string>(), "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.StartWith($"stamina: {fixture.ConfigFile}:3:1: "));
    }

    [Test]
    public async Task When_the_files_url_is_not_http_Should_exit_2_naming_the_key_and_file()
    {
        fixture.WriteConfig("Stamina:\n  Url: ftp://coordinator\n");

        var result = await RunAsync(new Dictionary<string, string>(), "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain($"Stamina:Url in {fixture.ConfigFile} must be an http:// or https:// address, not 'ftp://coordinator'"));
    }

    [Test]
    public async Task When_config_names_a_missing_file_Should_exit_2()
    {
        var result = await RunAsync(new Dictionary<string, string>(), "--config", "missing.yml", "workers");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain($"{Path.Combine(fixture.Root, "missing.yml")}: configuration file not found"));
    }
}
