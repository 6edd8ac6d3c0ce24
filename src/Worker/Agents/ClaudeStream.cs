using System.Text.Json;

namespace Stamina.Worker.Agents;

/// <summary>
/// Reads <c>claude -p --output-format stream-json --verbose</c>. A turn is one assistant message: Claude
/// emits one assistant event per content block, all with the same message id, so turns and token usage
/// count per distinct id (synthetic error messages are not turns). The final result's totals replace the
/// running sums.
/// </summary>
public sealed class ClaudeStream(TimeProvider clock) : AgentStream(clock)
{
    readonly Dictionary<string, TokenUsage> usageByMessage = [];
    readonly HashSet<string> seenMessages = [];
    readonly HashSet<string> seenToolUses = [];
    Result? result;
    volatile string? structuredOutput;

    public override string? StructuredOutput => structuredOutput;

    protected override void OnEvent(JsonElement root)
    {
        switch (root.String("type"))
        {
            case "system" when root.String("subtype") == "init":
                Current = Current with
                {
                    SessionId = root.String("session_id") ?? Current.SessionId,
                    Model = root.String("model") ?? Current.Model,
                };
                break;
            case "assistant":
                OnAssistant(root);
                break;
            case "rate_limit_event":
                OnRateLimit(root);
                break;
            case "result":
                OnResult(root);
                break;
        }
    }

    protected override bool IsCleanSuccess(AgentExit exit) =>
        exit.ExitCode == 0 && result is { Subtype: "success", IsError: false };

    protected override bool SaysAuthFailure(AgentExit exit) =>
        result is { ApiErrorStatus: 401 } or { ApiErrorType: "authentication_error" };

    protected override AgentEnding? ClassifyOutcome(AgentExit exit)
    {
        if (result is not { } r)
        {
            return null;
        }
        var text = r.Text ?? LastError ?? "";
        return r.Subtype switch
        {
            "success" when !r.IsError && exit.ExitCode == 0 => new AgentEnding(AgentEndingKind.Succeeded, EndingText.Cut(text)),
            "success" when !r.IsError => Failure($"The agent reported success but exited with code {exit.ExitCode}: {text}"),
            "error_max_turns" => new AgentEnding(AgentEndingKind.MaxTurns, EndingText.Cut($"The agent reached its turn limit. {text}")),
            "error_max_budget_usd" => new AgentEnding(AgentEndingKind.MaxBudget, EndingText.Cut($"The agent reached its budget. {text}")),
            _ => Failure($"The agent failed ({r.Subtype ?? "no subtype"}): {text}"),
        };
    }

    void OnAssistant(JsonElement root)
    {
        if (root.Object("message") is not { } message)
        {
            return;
        }
        var id = message.String("id");
        var synthetic = message.String("model") == "<synthetic>" || root.Bool("is_api_error_message") == true;
        var newMessage = id is null || seenMessages.Add(id);
        var turns = Current.Turns + (newMessage && !synthetic ? 1 : 0);
        var toolUses = Current.ToolUses;
        var lastTool = Current.LastTool;
        string? text = null;
        foreach (var block in message.Array("content")?.EnumerateArray() ?? default)
        {
            switch (block.String("type"))
            {
                case "tool_use" when block.String("id") is not { } toolId || seenToolUses.Add(toolId):
                    toolUses++;
                    lastTool = block.String("name") ?? lastTool;
                    break;
                case "text" when block.String("text") is { } said:
                    text = said;
                    break;
            }
        }
        Current = Current with { Turns = turns, ToolUses = toolUses, LastTool = lastTool };
        if (synthetic)
        {
            // An API error shown as an assistant message: its text is what classification needs.
            NoteError(text);
            NoteError(root.String("error"));
        }
        else if (text is not null)
        {
            FinalText = text;
        }
        if (message.Object("usage") is { } usage && !synthetic)
        {
            usageByMessage[id ?? $"#{usageByMessage.Count}"] = TokenUsage.Read(usage);
            Current = TokenUsage.Sum(usageByMessage.Values).ApplyTo(Current);
        }
    }

    void OnRateLimit(JsonElement root)
    {
        if (root.Object("rate_limit_info") is not { } info || info.String("status") != "rejected")
        {
            return;
        }
        LimitRejected = true;
        if (info.Long("resetsAt") is { } epoch)
        {
            LimitRejectedResetsAt = UsageLimitText.FromEpoch(epoch);
        }
    }

    void OnResult(JsonElement root)
    {
        var r = new Result(
            root.String("subtype"),
            root.Bool("is_error") ?? false,
            root.String("result"),
            root.Long("api_error_status"),
            root.String("api_error_type"));
        result = r;
        var progress = Current with
        {
            SessionId = root.String("session_id") ?? Current.SessionId,
            Turns = root.Long("num_turns") is { } turns and >= 0 and <= int.MaxValue ? (int)turns : Current.Turns,
            CostUsd = root.Decimal("total_cost_usd") ?? Current.CostUsd,
        };
        Current = root.Object("usage") is { } usage ? TokenUsage.Read(usage).ApplyTo(progress) : progress;
        if (r.IsError || r.Subtype != "success")
        {
            NoteError(r.Text);
            NoteError(r.ApiErrorType);
            foreach (var error in root.Array("errors")?.EnumerateArray() ?? default)
            {
                NoteError(error.ValueKind == JsonValueKind.String ? LenientJsonString.Read(error) : error.String("message"));
            }
        }
        else
        {
            FinalText = r.Text ?? FinalText;
            if (root.Object("structured_output") is { } structured)
                structuredOutput = structured.GetRawText();
        }
    }

    sealed record Result(string? Subtype, bool IsError, string? Text, long? ApiErrorStatus, string? ApiErrorType);
}
