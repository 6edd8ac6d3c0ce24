using Stamina.Cli.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Commands;

/// <summary><c>stamina local</c>'s options, and the CLI finding the local API key (the fleet itself: Stamina.Local.Tests).</summary>
public sealed class LocalCommandTests
{
    [TestCase("--workers", "0", "--workers must be between 1 and 64")]
    [TestCase("--workers", "65", "--workers must be between 1 and 64")]
    [TestCase("--port", "0", "--port must be between 1 and 65535")]
    [TestCase("--port", "70000", "--port must be between 1 and 65535")]
    [TestCase("--accounts", ",,", "--accounts names no account")]
    [TestCase("--accounts", "a,b c", "'b c' is not an account name")]
    [TestCase("--accounts", "a,../x", "'../x' is not an account name")]
    public async Task When_an_option_is_out_of_range_Should_refuse_it_as_a_usage_error(string option, string value, string message)
    {
        var result = await CliRunner.RunAsync("local", option, value);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.Stderr, Does.Contain(message));
    }

    [Test]
    public void When_no_key_is_configured_Should_use_the_local_key_for_the_default_address_only()
    {
        using var home = new TemporaryDirectory("home");
        var context = CliContext.Captured(TextWriter.Null, TextWriter.Null) with { HomeDirectory = home.Path };
        Assert.That(GlobalOptions.LocalKeyFor(new Uri(GlobalOptions.DefaultUrl), context), Is.Null, "no key file yet");

        Directory.CreateDirectory(Path.Combine(home.Path, ".stamina"));
        File.WriteAllText(Path.Combine(home.Path, ".stamina", "api-key"), "the-local-key\n");

        Assert.That(GlobalOptions.LocalKeyFor(new Uri("http://127.0.0.1:5080/"), context), Is.EqualTo("the-local-key"));
        Assert.That(GlobalOptions.LocalKeyFor(new Uri("http://127.0.0.1:5081/"), context), Is.Null, "another port");
        Assert.That(GlobalOptions.LocalKeyFor(new Uri("http://coordinator.example:5080/"), context), Is.Null, "another host");
        Assert.That(GlobalOptions.LocalKeyFor(new Uri("https://127.0.0.1:5080/"), context), Is.Null, "another scheme");
    }

    [Test]
    public void When_local_mode_runs_on_another_port_Should_use_the_local_key_for_that_address_too()
    {
        using var home = new TemporaryDirectory("home");
        var context = CliContext.Captured(TextWriter.Null, TextWriter.Null) with { HomeDirectory = home.Path };
        Directory.CreateDirectory(Path.Combine(home.Path, ".stamina"));
        File.WriteAllText(Path.Combine(home.Path, ".stamina", "api-key"), "the-local-key\n");
        File.WriteAllText(Path.Combine(home.Path, ".stamina", "url"), "http://127.0.0.1:5099/\n");

        Assert.That(GlobalOptions.LocalKeyFor(new Uri("http://127.0.0.1:5099/"), context), Is.EqualTo("the-local-key"));
        Assert.That(GlobalOptions.LocalKeyFor(new Uri("http://127.0.0.1:5098/"), context), Is.Null, "not the port local mode wrote");
    }

    [Test]
    public async Task When_no_address_is_configured_Should_reach_a_running_local_mode_on_its_port_with_its_key()
    {
        using var directory = new TemporaryDirectory("cli-local-port");
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/items", 200, """{"items":[]}""");
        var dataDir = Directory.CreateDirectory(directory.Combine("home", ".stamina")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dataDir, "api-key"), "the-local-key\n");
        await File.WriteAllTextAsync(Path.Combine(dataDir, "url"), coordinator.Url.AbsoluteUri + "\n");

        var result = await CliRunner.RunInAsync(directory.Path, new Dictionary<string, string>(), "list");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(coordinator.SingleRequest.Authorization, Is.EqualTo("Bearer the-local-key"));
    }

    [Test]
    public async Task When_the_url_file_names_another_host_Should_ignore_it()
    {
        using var directory = new TemporaryDirectory("cli-local-host");
        var dataDir = Directory.CreateDirectory(directory.Combine("home", ".stamina")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dataDir, "api-key"), "the-local-key\n");
        await File.WriteAllTextAsync(Path.Combine(dataDir, "url"), "http://coordinator.example:5099/\n");
        var context = CliContext.Captured(TextWriter.Null, TextWriter.Null) with { HomeDirectory = directory.Combine("home") };

        Assert.That(GlobalOptions.LocalKeyFor(new Uri("http://coordinator.example:5099/"), context), Is.Null, "only a loopback address is local mode's");
    }
}
