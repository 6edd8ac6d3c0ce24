using Stamina.FakeAgent.Tests.Running;

namespace Stamina.FakeAgent.Tests.Modes;

/// <summary>The fake as a reviewer: a scripted verdict per review round, as structured output or a fenced block.</summary>
public class VerdictModeTests : WorkspaceTest
{
    const string Script = "Review it.\nfake: succeed turns=1 delay=0ms\nfake-verdict: approve Looks right.\nfake-verdict[round=1]: revise Add a test for empty input.";

    static Dictionary<string, string> Round(int round) => new() { ["STAMINA_ATTEMPT"] = "1", ["STAMINA_REVIEW_ROUND"] = $"{round}" };

    [Test]
    public async Task With_a_json_schema_Should_put_the_rounds_verdict_in_the_structured_output()
    {
        var output = await RunAsync(AgentArguments.Claude("--json-schema", "{}"), Script, Round(1));

        Assert.That(output.ExitCode, Is.EqualTo(0), output.ToString());
        var structured = output.Single("result")["structured_output"]!;
        Assert.That(((string?)structured["verdict"], (string?)structured["feedback"]), Is.EqualTo(("revise", "Add a test for empty input.")));
    }

    [Test]
    public async Task Without_a_schema_Should_end_the_final_message_with_a_json_block()
    {
        var output = await RunAsync(AgentArguments.Claude(), Script, Round(2));

        var result = output.Single("result");
        Assert.That(result.ContainsKey("structured_output"), Is.False);
        Assert.That((string?)result["result"], Does.Contain("```json\n{\"verdict\":\"approve\",\"feedback\":\"Looks right.\",\"reason\":\"\"}\n```"));
    }

    [Test]
    public async Task Codex_Should_give_the_verdict_in_its_last_agent_message()
    {
        var output = await RunAsync(AgentArguments.Codex(), "fake: succeed turns=1 delay=0ms\nfake-verdict: block No tests at all.", Round(1));

        var last = output.OfType("item.completed").Last()["item"]!;
        Assert.That((string?)last["text"], Does.Contain("\"verdict\":\"block\"").And.Contain("\"reason\":\"No tests at all.\""));
    }

    [Test]
    public async Task A_raw_verdict_Should_be_the_whole_final_message()
    {
        var output = await RunAsync(AgentArguments.Claude("--json-schema", "{}"), "fake-verdict: raw I think it is fine.", Round(1));

        var result = output.Single("result");
        Assert.That(((string?)result["result"], result.ContainsKey("structured_output")), Is.EqualTo(("I think it is fine.", false)));
    }

    [Test]
    public async Task An_unknown_verdict_Should_fail_loudly()
    {
        var output = await RunAsync(AgentArguments.Claude(), "fake-verdict: maybe", Round(1));

        Assert.That(output.ExitCode, Is.EqualTo(2));
        Assert.That(output.Stderr, Does.Contain("unknown verdict 'maybe'"));
    }
}
