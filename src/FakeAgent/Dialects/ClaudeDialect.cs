using System.Globalization;
using System.Text.Json.Nodes;
using Stamina.FakeAgent.Runs;

namespace Stamina.FakeAgent.Dialects;

/// <summary>
/// <c>claude -p --output-format stream-json --verbose</c>. As in the real stream, a model call with a text and a
/// tool use comes as two <c>assistant</c> events with the same <c>message.id</c> and the same usage: count it once.
/// Cost is reported only by the final <c>result</c>.
/// </summary>
sealed class ClaudeDialect(DialectContext context) : IAgentDialect
{
    static readonly string[] Tools = ["Task", "Bash", "Glob", "Grep", "Read", "Edit", "Write", "TodoWrite", "WebFetch"];

    public string HalfEvent => $$"""{"type":"assistant","message":{"id":"msg_{{Suffix()}}","type":"message","role":"assis""";

    string SessionId => context.Session.SessionId;

    public void Start() => context.Writer.Emit(new JsonObject
    {
        ["type"] = "system",
        ["subtype"] = "init",
        ["cwd"] = context.Session.WorkingDirectory,
        ["session_id"] = SessionId,
        ["tools"] = new JsonArray([.. Tools.Select(tool => JsonValue.Create(tool))]),
        ["mcp_servers"] = new JsonArray(),
        ["model"] = context.Session.Model,
        ["permissionMode"] = context.Session.Invocation.PermissionMode ?? "default",
        ["slash_commands"] = new JsonArray(),
        ["apiKeySource"] = "none",
        ["claude_code_version"] = "0.0.0-stamina-fake-agent",
        ["output_style"] = "default",
        ["uuid"] = DialectContext.NewUuid(),
    });

    public void Resumed() =>
        Assistant($"msg_{Suffix()}", Text($"Resumed session {SessionId}"), new TurnUsage(0, 0, 0, 0, 0, 0));

    public void Turn(TurnUsage usage, Action edit)
    {
        var messageId = $"msg_{Suffix()}";
        var toolId = $"toolu_{Suffix()}";
        var line = context.WorkLine(usage.Number);
        Assistant(messageId, Text($"Turn {usage.Number}: appending a line to FAKE_AGENT.md."), usage);
        var input = usage.Number % 2 == 1
            ? new JsonObject { ["file_path"] = Path.Combine(context.Session.WorkingDirectory, "FAKE_AGENT.md"), ["content"] = line }
            : new JsonObject { ["command"] = $"echo '{line}' >> FAKE_AGENT.md", ["description"] = "Append a line to FAKE_AGENT.md" };
        var toolUse = new JsonObject
        {
            ["type"] = "tool_use",
            ["id"] = toolId,
            ["name"] = usage.Number % 2 == 1 ? "Write" : "Bash",
            ["input"] = input,
        };
        Assistant(messageId, toolUse, usage);
        edit();
        context.Writer.Emit(new JsonObject
        {
            ["type"] = "user",
            ["message"] = new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject
                {
                    ["tool_use_id"] = toolId,
                    ["type"] = "tool_result",
                    ["content"] = usage.Number % 2 == 1 ? "The file FAKE_AGENT.md has been updated." : "",
                    ["is_error"] = false,
                }),
            },
            ["parent_tool_use_id"] = null,
            ["session_id"] = SessionId,
            ["uuid"] = DialectContext.NewUuid(),
        });
        RateLimit("allowed", context.Time.GetUtcNow().AddHours(5), 0.1 * usage.Number);
    }

    public void StillWorking(int count) =>
        Assistant($"msg_{Suffix()}", Text($"Still working ({count})"), new TurnUsage(0, 0, 0, 0, 0, 0));

    public int Succeed(int exitCode, FinalAnswer? answer)
    {
        var text = answer?.Text ?? $"Done: {context.Totals.Turns} turns, FAKE_AGENT.md updated.";
        Result("success", isError: false, result: text, structured: answer?.Structured);
        return exitCode;
    }

    public int Fail(string message)
    {
        Result("error_during_execution", isError: true, errors: message);
        return 1;
    }

    // Real streams have shown error_max_turns with is_error false: readers must decide on the subtype.
    public int TurnLimit()
    {
        Result("error_max_turns", isError: false, errors: $"Reached maximum number of turns ({context.Session.Invocation.MaxTurns})");
        return 1;
    }

    public int BudgetLimit()
    {
        var budget = context.Session.Invocation.MaxBudgetUsd?.ToString(CultureInfo.InvariantCulture);
        Result("error_max_budget_usd", isError: true, errors: $"Reached maximum budget (${budget})");
        return 1;
    }

    public int UsageLimit(DateTimeOffset resetsAt)
    {
        RateLimit("rejected", resetsAt, 1.0);
        Result("success", isError: true, result: LimitTexts.Claude(resetsAt));
        return 1;
    }

    public int AuthFailure()
    {
        Result("success", isError: true, result: "Not logged in · Please run /login");
        return 1;
    }

    static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    static string Suffix() => Guid.NewGuid().ToString("N")[..24];

    void Assistant(string messageId, JsonObject block, TurnUsage usage) => context.Writer.Emit(new JsonObject
    {
        ["type"] = "assistant",
        ["message"] = new JsonObject
        {
            ["model"] = context.Session.Model,
            ["id"] = messageId,
            ["type"] = "message",
            ["role"] = "assistant",
            ["content"] = new JsonArray(block),
            ["stop_reason"] = null,
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = usage.InputTokens,
                ["cache_creation_input_tokens"] = usage.CacheCreationTokens,
                ["cache_read_input_tokens"] = usage.CacheReadTokens,
                ["output_tokens"] = usage.OutputTokens,
                ["service_tier"] = "standard",
            },
        },
        ["parent_tool_use_id"] = null,
        ["session_id"] = SessionId,
        ["uuid"] = DialectContext.NewUuid(),
    });

    void RateLimit(string status, DateTimeOffset resetsAt, double utilization) => context.Writer.Emit(new JsonObject
    {
        ["type"] = "rate_limit_event",
        ["rate_limit_info"] = new JsonObject
        {
            ["status"] = status,
            ["resetsAt"] = LimitTexts.EpochSecondsRoundedUp(resetsAt),
            ["rateLimitType"] = "five_hour",
            ["utilization"] = Math.Round(Math.Min(1.0, utilization), 2),
            ["isUsingOverage"] = false,
        },
        ["uuid"] = DialectContext.NewUuid(),
        ["session_id"] = SessionId,
    });

    // Error subtypes carry "errors" and no "result" text, as the real CLI's do.
    void Result(string subtype, bool isError, string? result = null, string? errors = null, JsonObject? structured = null)
    {
        var totals = context.Totals;
        var message = new JsonObject
        {
            ["type"] = "result",
            ["subtype"] = subtype,
            ["is_error"] = isError,
            ["duration_ms"] = context.ElapsedMilliseconds,
            ["duration_api_ms"] = context.ElapsedMilliseconds / 2,
            ["num_turns"] = totals.Turns,
            ["session_id"] = SessionId,
            ["total_cost_usd"] = totals.CostUsd,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = totals.InputTokens,
                ["cache_creation_input_tokens"] = totals.CacheCreationTokens,
                ["cache_read_input_tokens"] = totals.CacheReadTokens,
                ["output_tokens"] = totals.OutputTokens,
                ["server_tool_use"] = new JsonObject { ["web_search_requests"] = 0 },
                ["service_tier"] = "standard",
            },
            ["modelUsage"] = new JsonObject
            {
                [context.Session.Model] = new JsonObject
                {
                    ["inputTokens"] = totals.InputTokens,
                    ["outputTokens"] = totals.OutputTokens,
                    ["cacheReadInputTokens"] = totals.CacheReadTokens,
                    ["cacheCreationInputTokens"] = totals.CacheCreationTokens,
                    ["webSearchRequests"] = 0,
                    ["costUSD"] = totals.CostUsd,
                    ["contextWindow"] = 200000,
                },
            },
            ["permission_denials"] = new JsonArray(),
            ["uuid"] = DialectContext.NewUuid(),
        };
        if (result is not null)
            message["result"] = result;
        if (errors is not null)
            message["errors"] = new JsonArray(errors);
        if (structured is not null)
            message["structured_output"] = structured;
        context.Writer.Emit(message);
    }
}
