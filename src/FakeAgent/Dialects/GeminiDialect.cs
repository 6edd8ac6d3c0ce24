using System.Text.Json.Nodes;
using Stamina.FakeAgent.Runs;

namespace Stamina.FakeAgent.Dialects;

/// <summary><c>gemini -p PROMPT -o stream-json</c>. Exit codes as the real CLI: 1 error, 41 auth, 53 turn limit.</summary>
sealed class GeminiDialect(DialectContext context) : IAgentDialect
{
    public const int AuthFailureExitCode = 41;
    public const int TurnLimitExitCode = 53;

    int nextTool;

    public string HalfEvent => $$"""{"type":"message","timestamp":"{{context.Timestamp}}","role":"assis""";

    public void Start()
    {
        Emit("init", new JsonObject { ["session_id"] = context.Session.SessionId, ["model"] = context.Session.Model });
        Emit("message", new JsonObject { ["role"] = "user", ["content"] = context.Session.Prompt });
    }

    public void Resumed() => AssistantText($"Resumed session {context.Session.SessionId}");

    public void Turn(TurnUsage usage, Action edit)
    {
        AssistantText($"Turn {usage.Number}: appending a line to FAKE_AGENT.md.");
        var toolId = $"tool_{nextTool++}_{Guid.NewGuid():N}"[..20];
        var line = context.WorkLine(usage.Number);
        var write = usage.Number % 2 == 1;
        Emit("tool_use", new JsonObject
        {
            ["tool_name"] = write ? "write_file" : "run_shell_command",
            ["tool_id"] = toolId,
            ["parameters"] = write
                ? new JsonObject { ["file_path"] = "FAKE_AGENT.md", ["content"] = line }
                : new JsonObject { ["command"] = $"echo '{line}' >> FAKE_AGENT.md" },
        });
        edit();
        Emit("tool_result", new JsonObject
        {
            ["tool_id"] = toolId,
            ["status"] = "success",
            ["output"] = write ? "Successfully wrote to FAKE_AGENT.md." : "",
        });
    }

    public void StillWorking(int count) => AssistantText($"Still working ({count})");

    public int Succeed(int exitCode, FinalAnswer? answer)
    {
        AssistantText(answer?.Text ?? $"Done: {context.Totals.Turns} turns, FAKE_AGENT.md updated.");
        Emit("result", new JsonObject { ["status"] = "success", ["stats"] = Stats() });
        return exitCode;
    }

    public int Fail(string message) => Error("FatalError", message, 1);

    public int TurnLimit() => Error(
        "FatalTurnLimitedError",
        "Reached max session turns for this session. Increase the number of turns by specifying maxSessionTurns in settings.json.",
        TurnLimitExitCode);

    // gemini has no budget flag; this ending exists only to complete the interface.
    public int BudgetLimit() => Fail("Reached the budget limit.");

    public int UsageLimit(DateTimeOffset resetsAt) =>
        Error("QuotaExceededError", LimitTexts.Gemini(resetsAt - context.Time.GetUtcNow()), 1);

    public int AuthFailure()
    {
        const string message = "Please set an Auth method in your settings.json or specify one of the following environment "
            + "variables before running: GEMINI_API_KEY, GOOGLE_GENAI_USE_VERTEXAI, GOOGLE_GENAI_USE_GCA";
        Console.Error.WriteLine(message);
        return Error("FatalAuthenticationError", message, AuthFailureExitCode);
    }

    int Error(string type, string message, int exitCode)
    {
        Emit("error", new JsonObject { ["severity"] = "error", ["message"] = message });
        Emit("result", new JsonObject
        {
            ["status"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
            ["stats"] = Stats(),
        });
        return exitCode;
    }

    JsonObject Stats()
    {
        var totals = context.Totals;
        return new JsonObject
        {
            ["total_tokens"] = totals.TotalTokens,
            ["input_tokens"] = totals.InputTokens + totals.CacheCreationTokens + totals.CacheReadTokens,
            ["output_tokens"] = totals.OutputTokens,
            ["cached"] = totals.CacheReadTokens,
            ["input"] = totals.InputTokens + totals.CacheCreationTokens,
            ["duration_ms"] = context.ElapsedMilliseconds,
            ["tool_calls"] = totals.ToolCalls,
        };
    }

    void AssistantText(string text) =>
        Emit("message", new JsonObject { ["role"] = "assistant", ["content"] = text, ["delta"] = true });

    void Emit(string type, JsonObject fields)
    {
        var message = new JsonObject { ["type"] = type, ["timestamp"] = context.Timestamp };
        foreach (var (key, value) in fields)
            message[key] = value?.DeepClone();
        context.Writer.Emit(message);
    }
}
