using System.Text;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// A command prints tokens to its output: what the coordinator stores and serves (result summary, failure message,
/// transcript, the API the web page reads) and what the processes log show them redacted.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class SecretRedactionTests(FleetMode mode) : FleetTestBase(mode)
{
    // Built from pieces so that this file does not itself trip secret scanners.
    static readonly string GitHubToken = "ghp" + "_" + new string('Z', 36);
    static readonly string AnthropicKey = "sk-" + "ant-api03-" + new string('Q', 40);

    private protected override FleetOptions Options => new() { Workers = 1 };

    static string Halves(string token) => $"'{token[..6]}' '{token[6..]}'";

    [Test]
    public async Task When_a_command_prints_tokens_Should_store_serve_and_log_them_redacted()
    {
        var succeeding = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            // printf joins each token's halves at run time: the submitted command (stored as given) holds no token.
            command = new[] { "sh", "-c", $"printf 'pushing with %s%s\\n' {Halves(GitHubToken)}; printf 'ANTHROPIC_API_KEY=%s%s\\n' {Halves(AnthropicKey)}" },
        })).Id();
        var failing = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", $"printf 'auth failed for %s%s\\n' {Halves(AnthropicKey)} >&2; exit 3" },
            maxAttempts = 1,
        })).Id();

        var succeeded = await fleet.WaitForStateAsync(succeeding, "Succeeded", TimeSpan.FromSeconds(60));
        var failed = await fleet.WaitForStateAsync(failing, "Failed", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(async () => (await fleet.TranscriptAsync(succeeding, 1)).Complete, TimeSpan.FromSeconds(30),
            "the transcript to be complete");
        var (transcript, _) = await fleet.TranscriptAsync(succeeding, 1);

        Assert.That(succeeded.Result().GetProperty("summary").GetString(),
            Does.Contain("pushing with [redacted:github-token]").And.Contain("ANTHROPIC_API_KEY=[redacted:anthropic-key]"));
        Assert.That(failed.Attempts().Single().Text("message"), Does.Contain("auth failed for [redacted:anthropic-key]"));
        Assert.That(Encoding.UTF8.GetString(transcript), Does.Contain("pushing with [redacted:github-token]"));
        // What the web page shows comes from these API answers; none carries a secret.
        var served = await fleet.Api.GetStringAsync($"/api/items/{succeeding}") + await fleet.Api.GetStringAsync($"/api/items/{failing}")
            + await fleet.Api.GetStringAsync("/api/items") + Encoding.UTF8.GetString(transcript);
        Assert.That(served, Does.Not.Contain(GitHubToken).And.Not.Contain(AnthropicKey));
        using var logs = new StringWriter();
        fleet.WriteLogs(logs);
        Assert.That(logs.ToString(), Does.Not.Contain(GitHubToken).And.Not.Contain(AnthropicKey));
    }

    [Test]
    public async Task When_a_repository_address_carries_a_token_Should_refuse_it_pointing_to_the_worker_configuration()
    {
        using var response = await fleet.Api.PostAsync("/api/items", System.Net.Http.Json.JsonContent.Create(new
        {
            repo = $"https://{GitHubToken}@github.com/org/repo.git",
            command = new[] { "true" },
        }));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400), body);
        Assert.That(body, Does.Contain("credential helper or a per-host token on the worker").And.Not.Contain(GitHubToken));
        Assert.That(await fleet.Api.GetStringAsync("/api/items"), Does.Not.Contain(GitHubToken), "nothing stored");
    }
}
