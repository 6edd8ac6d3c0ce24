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
}
