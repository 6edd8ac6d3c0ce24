using System.Text;
using System.Text.Json;

namespace Stamina.Worker.Agents;

/// <summary>
/// Reads <c>gemini -o stream-json</c>. A turn is one assistant reply: assistant messages that follow another
/// event kind (init, a user message, a tool result). Deltas of one reply are joined into
/// <see cref="IAgentStream.FinalText"/>. Token counts come from the result's stats (<c>cached</c> → cache
/// reads); Gemini reports no cost. Exit code 41 means an authentication failure and 53 the turn limit.
/// </summary>
public sealed class GeminiStream(TimeProvider clock) : AgentStream(clock)
{
    const int AuthExitCode = 41;
    const int TurnLimitExitCode = 53;

    readonly StringBuilder reply = new();
    bool inReply;
    string? resultStatus;
    string? resultError;

    protected override void OnEvent(JsonElement root)
    {
        var type = root.String("type");
        if (type == "message" && root.String("role") == "assistant")
        {
            OnAssistantMessage(root);
            return;
        }
        inReply = false;
        switch (type)
        {
            case "init":
                Current = Current with
                {
                    SessionId = root.String("session_id") ?? Current.SessionId,
                    Model = root.String("model") ?? Current.Model,
                };
                break;
            case "tool_use":
                Current = Current with { ToolUses = Current.ToolUses + 1, LastTool = root.String("tool_name") ?? Current.LastTool };
                break;
            case "error":
                NoteError(root.String("message"));
                break;
            case "result":
                OnResult(root);
                break;
        }
    }

    protected override bool IsCleanSuccess(AgentExit exit) => exit.ExitCode == 0 && resultStatus == "success";

    protected override bool SaysAuthFailure(AgentExit exit) => exit.ExitCode == AuthExitCode;

    protected override AgentEnding? ClassifyOutcome(AgentExit exit)
    {
        if (exit.ExitCode == TurnLimitExitCode)
        {
            return new AgentEnding(AgentEndingKind.MaxTurns, EndingText.Cut($"The agent reached its turn limit. {resultError ?? LastError}"));
        }
        return resultStatus switch
        {
            null => null,
            "success" when exit.ExitCode == 0 => new AgentEnding(AgentEndingKind.Succeeded, EndingText.Cut(FinalText)),
            "success" => Failure($"The agent reported success but exited with code {exit.ExitCode}. {LastError}"),
            _ => Failure($"The agent failed ({resultStatus}): {resultError ?? LastError}"),
        };
    }

    void OnAssistantMessage(JsonElement root)
    {
        if (!inReply)
        {
            inReply = true;
            reply.Clear();
            Current = Current with { Turns = Current.Turns + 1 };
        }
        var content = root.String("content") ?? "";
        if (root.Bool("delta") != true)
        {
            reply.Clear(); // a whole message replaces what deltas built so far
        }
        reply.Append(content);
        FinalText = reply.ToString();
    }

    void OnResult(JsonElement root)
    {
        resultStatus = root.String("status") ?? "unknown";
        resultError = root.Object("error")?.String("message") ?? root.String("error");
        if (resultStatus != "success")
        {
            NoteError(resultError);
        }
        if (root.Object("stats") is { } stats)
        {
            Current = Current with
            {
                InputTokens = stats.Long("input_tokens") ?? Current.InputTokens,
                OutputTokens = stats.Long("output_tokens") ?? Current.OutputTokens,
                CacheReadTokens = stats.Long("cached") ?? Current.CacheReadTokens,
            };
        }
    }
}
