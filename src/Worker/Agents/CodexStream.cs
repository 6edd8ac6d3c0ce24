using System.Text.Json;

namespace Stamina.Worker.Agents;

/// <summary>
/// Reads <c>codex exec --json</c>. A turn is a <c>turn.started</c>; token usage is summed over
/// <c>turn.completed</c> events (<c>cached_input_tokens</c> → cache reads; Codex reports no cost). A tool use is
/// one command, file change, MCP call or web search item, counted once by item id. The run succeeded when
/// its last turn completed and the process exited 0.
/// </summary>
public sealed class CodexStream(TimeProvider clock) : AgentStream(clock)
{
    const int ToolTextLimit = 200;

    readonly HashSet<string> seenTools = [];
    TokenUsage usage;
    bool lastTurnCompleted;
    string? turnFailure;

    protected override void OnEvent(JsonElement root)
    {
        switch (root.String("type"))
        {
            case "thread.started":
                Current = Current with { SessionId = root.String("thread_id") ?? Current.SessionId };
                break;
            case "turn.started":
                Current = Current with { Turns = Current.Turns + 1 };
                break;
            case "turn.completed":
                OnTurnCompleted(root);
                break;
            case "turn.failed":
                lastTurnCompleted = false;
                turnFailure = root.Object("error")?.String("message") ?? "The turn failed.";
                NoteError(turnFailure);
                break;
            case "error":
                NoteError(root.String("message"));
                break;
            case "item.started" or "item.updated" or "item.completed" when root.Object("item") is { } item:
                OnItem(item, completed: root.String("type") == "item.completed");
                break;
        }
    }

    protected override bool IsCleanSuccess(AgentExit exit) => exit.ExitCode == 0 && lastTurnCompleted;

    protected override AgentEnding? ClassifyOutcome(AgentExit exit)
    {
        if (lastTurnCompleted)
        {
            return exit.ExitCode == 0
                ? new AgentEnding(AgentEndingKind.Succeeded, EndingText.Cut(FinalText))
                : Failure($"The agent completed its turn but exited with code {exit.ExitCode}. {LastError}");
        }
        return turnFailure is null ? null : Failure($"The agent's turn failed: {turnFailure}");
    }

    void OnTurnCompleted(JsonElement root)
    {
        lastTurnCompleted = true;
        turnFailure = null;
        if (root.Object("usage") is not { } turn)
        {
            return;
        }
        usage = new TokenUsage(
            usage.Input + (turn.Long("input_tokens") ?? 0),
            usage.Output + (turn.Long("output_tokens") ?? 0),
            usage.CacheRead + (turn.Long("cached_input_tokens") ?? 0),
            0);
        Current = usage.ApplyTo(Current);
    }

    void OnItem(JsonElement item, bool completed)
    {
        var type = item.String("type");
        switch (type)
        {
            case "agent_message" when completed:
                FinalText = item.String("text") ?? FinalText;
                break;
            case "error" when completed:
                NoteError(item.String("message"));
                break;
            case "command_execution" or "file_change" or "mcp_tool_call" or "web_search":
                var id = item.String("id");
                var described = $"{type}: {Describe(type, item)}".TrimEnd(' ', ':');
                var first = id is null ? completed : seenTools.Add(id);
                Current = Current with
                {
                    ToolUses = Current.ToolUses + (first ? 1 : 0),
                    LastTool = EndingText.Cut(described, ToolTextLimit),
                };
                break;
        }
    }

    static string? Describe(string type, JsonElement item) => type switch
    {
        "command_execution" => item.String("command"),
        "file_change" => string.Join(", ", (item.Array("changes")?.EnumerateArray() ?? default)
            .Select(change => change.String("path")).OfType<string>()),
        "mcp_tool_call" => string.Join('.', new[] { item.String("server"), item.String("tool") }.OfType<string>()),
        "web_search" => item.String("query"),
        _ => null,
    };
}
