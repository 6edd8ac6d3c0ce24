using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// The real agent CLIs (installed by scripts/install-agents.sh, pinned) run without credentials: the
/// attempt must end as an auth failure that pauses the worker, never as an unknown flag or a crash.
/// </summary>
[TestFixture]
public sealed class RealAgentCliTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 0 };

    [TestCase("claude", "STAMINA_CLAUDE")]
    [TestCase("codex", "STAMINA_CODEX")]
    [TestCase("gemini", "STAMINA_GEMINI")]
    public async Task Without_credentials_Should_be_classified_as_an_auth_failure(string harness, string variable)
    {
        var executable = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(executable) || !File.Exists(executable))
            Assert.Ignore($"{harness} is not installed ({variable} is not set): run scripts/install-agents.sh");
        var home = Directory.CreateDirectory(Path.Combine(fleet.Root, "empty-home")).FullName;
        await fleet.StartWorkerAsync("real", account: "nobody", settings: new Dictionary<string, string>
        {
            [$"Stamina__Harnesses__{harness}__Executable"] = executable,
            // No login may leak in from the machine running the tests, and nothing may phone home.
            ["HOME"] = home,
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
        });

        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness, prompt = "Say hello.", model = ModelFor(harness) })).Id();

        await Eventually.UntilAsync(async () => (await fleet.WorkersAsync()).Single().Text("state") == "paused",
            TimeSpan.FromSeconds(90), $"the worker to pause after {harness} failed to log in");
        var item = await fleet.ItemAsync(id);
        var attempt = item.Attempts().Single();
        Assert.That((attempt.Text("outcome"), attempt.Text("errorClass")), Is.EqualTo(("released", "auth")), attempt.ToString());
        Assert.That(item.State(), Is.EqualTo("Queued"), "the item went back to the queue");
        Assert.That(item.GetProperty("failures").GetInt32(), Is.Zero);
        Assert.That((await fleet.WorkersAsync()).Single().Text("attention"), Does.Contain(harness));
    }

    static string ModelFor(string harness) => harness switch
    {
        "claude" => "sonnet",
        "codex" => "gpt-5",
        _ => "gemini-2.5-pro",
    };
}
