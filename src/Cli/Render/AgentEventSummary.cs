using System.Globalization;
using System.Text.Json;

namespace Stamina.Cli.Render;

/// <summary>
/// One readable line for an event of Claude Code's, Codex's or Gemini CLI's JSON stream (see docs/cli.md):
/// text, tool uses and their results, errors, and the final result with turns, tokens and cost. Events that
/// say nothing a person needs (deltas of reasoning, turn starts) give null.
/// </summary>
static class AgentEventSummary
{
    const int TextColumns = 200;

    public static IEnumerable<string> Summarize(JsonElement e)
    {
        var type = Text(e, "type");
        return type switch
        {
            // Claude Code
            "system" when Text(e, "subtype") == "init" => [$"[init] session {Text(e, "session_id") ?? "?"}, model {Text(e, "model") ?? "?"}"],
            "assistant" => ClaudeContent(e, assistant: true),
            "user" => ClaudeContent(e, assistant: false),
            "rate_limit_event" => RateLimit(e),
            "result" when e.TryGetProperty("subtype", out _) || e.TryGetProperty("total_cost_usd", out _) => [ClaudeResult(e)],
            // Codex
            "thread.started" => [$"[init] thread {Text(e, "thread_id") ?? "?"}"],
            "item.completed" when e.TryGetProperty("item", out var item) => CodexItem(item),
            "turn.completed" => [$"[turn] {Tokens(Get(e, "usage"), "input_tokens", "output_tokens")}"],
            "turn.failed" => [$"[error] {Line(Text(Get(e, "error"), "message"))}"],
            // Gemini CLI
            "init" => [$"[init] session {Text(e, "session_id") ?? "?"}, model {Text(e, "model") ?? "?"}"],
            "message" when Text(e, "role") is "assistant" or "model" => [$"[text] {Line(Text(e, "content"))}"],
            "message" => [],
            "tool_use" => [$"[tool] {Text(e, "tool_name") ?? "?"} {Compact(Get(e, "parameters"))}".TrimEnd()],
            "tool_result" => [$"[tool result] {Text(e, "status") ?? "?"} {Line(Text(e, "output"))}".TrimEnd()],
            "result" => [GeminiResult(e)],
            "error" => [$"[error] {Line(Text(e, "message") ?? Compact(e))}"],
            _ => [],
        };
    }

    static IEnumerable<string> ClaudeContent(JsonElement e, bool assistant)
    {
        if (Get(Get(e, "message"), "content") is not { ValueKind: JsonValueKind.Array } content)
            yield break;
        foreach (var part in content.EnumerateArray())
        {
            switch (Text(part, "type"))
            {
                case "text" when assistant:
                    yield return $"[text] {Line(Text(part, "text"))}";
                    break;
                case "tool_use":
                    yield return $"[tool] {Text(part, "name") ?? "?"} {Compact(Get(part, "input"))}".TrimEnd();
                    break;
                case "tool_result":
                    var isError = Get(part, "is_error") is { ValueKind: JsonValueKind.True };
                    var output = Get(part, "content") is { ValueKind: JsonValueKind.String } s ? s.GetString() : Compact(Get(part, "content"));
                    yield return $"[tool {(isError ? "error" : "result")}] {Line(output)}".TrimEnd();
                    break;
            }
        }
    }

    static IEnumerable<string> RateLimit(JsonElement e)
    {
        var info = Get(e, "rate_limit_info");
        var status = Text(info, "status");
        if (status is null or "allowed")
            yield break;
        var resets = Get(info, "resetsAt") is { ValueKind: JsonValueKind.Number } epoch && epoch.TryGetInt64(out var seconds)
            ? ", resets " + DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "";
        yield return $"[rate limit] {status} ({Text(info, "rateLimitType") ?? "?"}){resets}";
    }

    static string ClaudeResult(JsonElement e)
    {
        var parts = new List<string> { Text(e, "subtype") ?? "?" };
        if (Get(e, "num_turns") is { ValueKind: JsonValueKind.Number } turns)
            parts.Add($"{turns.GetRawText()} turns");
        parts.Add(Tokens(Get(e, "usage"), "input_tokens", "output_tokens"));
        if (Get(e, "total_cost_usd") is { ValueKind: JsonValueKind.Number } cost)
            parts.Add(Money.Usd(cost.GetDecimal()));
        return $"[result] {string.Join(", ", parts)}: {Line(Text(e, "result"))}".TrimEnd(' ', ':');
    }

    static string GeminiResult(JsonElement e)
    {
        var stats = Get(e, "stats");
        var calls = Get(stats, "tool_calls") is { ValueKind: JsonValueKind.Number } n ? $", {n.GetRawText()} tool calls" : "";
        return $"[result] {Text(e, "status") ?? "?"}, {Tokens(stats, "input_tokens", "output_tokens")}{calls}";
    }

    static IEnumerable<string> CodexItem(JsonElement item)
    {
        switch (Text(item, "type"))
        {
            case "agent_message":
                yield return $"[text] {Line(Text(item, "text"))}";
                break;
            case "command_execution":
                var exit = Get(item, "exit_code") is { ValueKind: JsonValueKind.Number } code ? $" (exit {code.GetRawText()})" : "";
                yield return $"[tool] shell {Line(Text(item, "command"))}{exit}";
                break;
            case "file_change":
                var paths = Get(item, "changes") is { ValueKind: JsonValueKind.Array } changes
                    ? string.Join(", ", changes.EnumerateArray().Select(c => Text(c, "path") ?? "?"))
                    : "";
                yield return $"[tool] file change {paths}".TrimEnd();
                break;
            case "mcp_tool_call":
                yield return $"[tool] {Text(item, "server") ?? "mcp"}.{Text(item, "tool") ?? "?"}";
                break;
            case "web_search":
                yield return $"[tool] web search {Line(Text(item, "query"))}".TrimEnd();
                break;
            case "error":
                yield return $"[error] {Line(Text(item, "message"))}";
                break;
        }
    }

    static string Tokens(JsonElement? usage, string input, string output) =>
        $"tokens {Count(Get(usage, input))} in / {Count(Get(usage, output))} out";

    static string Count(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var n) ? Money.Count(n) : "?";

    static JsonElement? Get(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var value) ? value : null;

    static string? Text(JsonElement? element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    static string Compact(JsonElement? element) =>
        element is { } value && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? Line(value.GetRawText()) : "";

    /// <summary>Newlines folded, cut to one terminal-ish line.</summary>
    static string Line(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var folded = string.Join(" ", text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return folded.Length <= TextColumns ? folded : folded[..(TextColumns - 3)] + "...";
    }
}
