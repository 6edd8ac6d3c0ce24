using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// An agent whose stream holds NUL bytes, invalid UTF-8, a megabyte line and JSON escapes of NUL and lone
/// surrogates in the fields we store (model, last tool, final text): its result is stored all the same.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AgentOddOutputTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 0 };

    const string Script = """
        #!/bin/sh
        cat > /dev/null
        printf '{"type":"system","subtype":"init","session_id":"s-1","model":"model\\u0000x"}\n'
        printf 'noise \000 \377\376 not json\n'
        head -c 1048576 /dev/zero | tr '\0' y; printf '\n'
        printf '{"type":"assistant","message":{"id":"m1","content":[{"type":"tool_use","id":"t1","name":"Bash\\u0000\\udc00"},{"type":"text","text":"hi \\u0000"}]}}\n'
        sleep 3
        echo done > agent.txt
        printf '{"type":"result","subtype":"success","is_error":false,"result":"final \\u0000 text \\ud83d","session_id":"s-1"}\n'
        """;

    [Test]
    public async Task When_the_agent_stream_holds_odd_bytes_and_escapes_Should_store_its_result_once()
    {
        var agent = Path.Combine(fleet.Root, "odd-claude.sh");
        await File.WriteAllTextAsync(agent, Script.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await fleet.StartWorkerAsync("w1", settings: new Dictionary<string, string> { ["Stamina__Harnesses__claude__Executable"] = agent });

        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "odd", model = "sonnet" })).Id();
        System.Text.Json.JsonElement item = default;
        await Stamina.Testing.Eventually.UntilAsync(async () => (item = await fleet.ItemAsync(id)).State() is "Succeeded" or "Failed",
            TimeSpan.FromSeconds(60), "the item to end");
        Assert.That(item.State(), Is.EqualTo("Succeeded"), item.ToString());

        var attempt = item.Attempts().Single();
        Assert.That(attempt.GetProperty("lastTool").GetString(), Is.EqualTo("Bash\uFFFD\uFFFD"));
        Assert.That(item.Result().GetProperty("summary").GetString(), Does.StartWith("final \uFFFD text"));
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "agent.txt"), Is.EqualTo("done"));
    }
}
