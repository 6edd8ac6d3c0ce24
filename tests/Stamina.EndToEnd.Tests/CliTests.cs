using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>The real <c>stamina</c> executable against a real coordinator: output and exit codes.</summary>
[TestFixture]
public sealed class CliTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    Dictionary<string, string> Environment => new() { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" };

    [Test]
    public async Task When_an_item_is_submitted_and_followed_Should_show_it_through_every_read_command()
    {
        var submit = await CliRun.RunAsync(Environment, "submit", "--quiet", "--repo", fleet.Repository.Path, "--base-ref", "main",
            "--label", "team=infra", "--", "sh", "-c", "echo hi > hi.txt");
        Assert.That(submit.ExitCode, Is.Zero, submit.Error);
        var id = Guid.Parse(submit.Output.Trim());

        await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        var list = await CliRun.RunAsync(Environment, "list");
        Assert.That((list.ExitCode, list.Output), Is.EqualTo((0, list.Output)));
        Assert.That(list.Output, Does.Contain(id.ToString("D")[..8]).And.Contain("Succeeded"));
        Assert.That(list.Output, Does.Not.Contain("\u001b["), "no colour codes when redirected");

        var show = await CliRun.RunAsync(Environment, "show", id.ToString());
        Assert.That(show.ExitCode, Is.Zero, show.Error);
        Assert.That(show.Output, Does.Contain($"stamina/{id:N}/1").And.Contain("1 file"));

        var json = await CliRun.RunAsync(Environment, "show", id.ToString(), "--json");
        Assert.That(JsonDocument.Parse(json.Output).RootElement.GetProperty("state").GetString(), Is.EqualTo("Succeeded"));

        var workers = await CliRun.RunAsync(Environment, "workers");
        Assert.That((workers.ExitCode, workers.Output.Contains("w1", StringComparison.Ordinal)), Is.EqualTo((0, true)));

        var retry = await CliRun.RunAsync(Environment, "retry", id.ToString());
        Assert.That(retry.ExitCode, Is.EqualTo(7), "a succeeded item cannot be retried: conflict");
        var cancel = await CliRun.RunAsync(Environment, "cancel", Guid.NewGuid().ToString());
        Assert.That(cancel.ExitCode, Is.EqualTo(6), "unknown item: not found");
    }

    [Test]
    public async Task When_the_request_is_refused_Should_exit_with_the_documented_code_and_say_why()
    {
        var invalid = await CliRun.RunAsync(Environment, "submit", "--repo", "ext::sh -c id", "--", "true");
        Assert.That(invalid.ExitCode, Is.EqualTo(5));
        Assert.That(invalid.Error, Does.Contain("repo").And.Contain("ext::"));

        var unauthorised = await CliRun.RunAsync(new Dictionary<string, string>(Environment) { ["STAMINA_API_KEY"] = "wrong" }, "list");
        Assert.That(unauthorised.ExitCode, Is.EqualTo(4));
        Assert.That(unauthorised.Error, Does.Contain("API key"));

        var unreachable = await CliRun.RunAsync(new Dictionary<string, string>(Environment) { ["STAMINA_URL"] = "http://127.0.0.1:9" }, "workers");
        Assert.That(unreachable.ExitCode, Is.EqualTo(3));
        Assert.That(unreachable.Error, Does.Contain("cannot reach"));

        var usage = await CliRun.RunAsync(Environment, "list", "--limit", "many");
        Assert.That(usage.ExitCode, Is.EqualTo(2));
    }
}
