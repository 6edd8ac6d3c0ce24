using System.Text.Json.Nodes;
using Stamina.FakeAgent.Runs;

namespace Stamina.FakeAgent.Dialects;

/// <summary>
/// <c>codex exec --json</c>: one turn per run, whose steps are items. Odd turns edit through a
/// <c>file_change</c>, even turns through a <c>command_execution</c>. No cost field exists in this dialect.
/// </summary>
sealed class CodexDialect(DialectContext context) : IAgentDialect
{
    int nextItem;

    public string HalfEvent => $$"""{"type":"item.completed","item":{"id":"item_{{nextItem}}","type":"agent_mess""";

    public void Start()
    {
        context.Writer.Emit(new JsonObject { ["type"] = "thread.started", ["thread_id"] = context.Session.SessionId });
        context.Writer.Emit(new JsonObject { ["type"] = "turn.started" });
    }

    public void Resumed() => AgentMessage($"Resumed session {context.Session.SessionId}");

    public void Turn(TurnUsage usage, Action edit)
    {
        AgentMessage($"Step {usage.Number}: appending a line to FAKE_AGENT.md.");
        if (usage.Number % 2 == 1)
        {
            var kind = File.Exists(Path.Combine(context.Session.WorkingDirectory, "FAKE_AGENT.md")) ? "update" : "add";
            edit();
            Item("item.completed", new JsonObject
            {
                ["type"] = "file_change",
                ["changes"] = new JsonArray(new JsonObject { ["path"] = "FAKE_AGENT.md", ["kind"] = kind }),
                ["status"] = "completed",
            });
            return;
        }
        var command = $"bash -lc \"echo '{context.WorkLine(usage.Number)}' >> FAKE_AGENT.md\"";
        var id = NextItemId();
        Item("item.started", Command(command, "", null, "in_progress"), id);
        edit();
        Item("item.completed", Command(command, "", 0, "completed"), id);
    }

    public void StillWorking(int count) => AgentMessage($"Still working ({count})");

    public int Succeed(int exitCode, FinalAnswer? answer)
    {
        AgentMessage(answer?.Text ?? $"Done: {context.Totals.Turns} steps, FAKE_AGENT.md updated.");
        var totals = context.Totals;
        context.Writer.Emit(new JsonObject
        {
            ["type"] = "turn.completed",
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = totals.InputTokens + totals.CacheCreationTokens + totals.CacheReadTokens,
                ["cached_input_tokens"] = totals.CacheReadTokens,
                ["output_tokens"] = totals.OutputTokens,
            },
        });
        return exitCode;
    }

    public int Fail(string message)
    {
        context.Writer.Emit(new JsonObject { ["type"] = "error", ["message"] = message });
        context.Writer.Emit(new JsonObject { ["type"] = "turn.failed", ["error"] = new JsonObject { ["message"] = message } });
        return 1;
    }

    // codex has no turn or budget flags; these endings exist only to complete the interface.
    public int TurnLimit() => Fail("Reached the turn limit.");

    public int BudgetLimit() => Fail("Reached the budget limit.");

    public int UsageLimit(DateTimeOffset resetsAt) => Fail(LimitTexts.Codex(resetsAt));

    public int AuthFailure() => Fail("Not logged in. Run `codex login` to sign in, or set OPENAI_API_KEY (401 Unauthorized).");

    static JsonObject Command(string command, string output, int? exitCode, string status) => new()
    {
        ["type"] = "command_execution",
        ["command"] = command,
        ["aggregated_output"] = output,
        ["exit_code"] = exitCode,
        ["status"] = status,
    };

    void AgentMessage(string text) =>
        Item("item.completed", new JsonObject { ["type"] = "agent_message", ["text"] = text });

    string NextItemId() => $"item_{nextItem++}";

    void Item(string type, JsonObject item, string? id = null)
    {
        var withId = new JsonObject { ["id"] = id ?? NextItemId() };
        foreach (var (key, value) in item)
            withId[key] = value?.DeepClone();
        context.Writer.Emit(new JsonObject { ["type"] = type, ["item"] = withId });
    }
}
