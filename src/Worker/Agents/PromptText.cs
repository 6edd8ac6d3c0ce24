namespace Stamina.Worker.Agents;

/// <summary>For CLIs without a system-prompt flag (Codex, Gemini) the extra instructions lead the prompt.</summary>
static class PromptText
{
    public static string WithInstructions(AgentRequest request) =>
        string.IsNullOrWhiteSpace(request.AppendSystemPrompt)
            ? request.Prompt
            : $"{request.AppendSystemPrompt.Trim()}\n\n{request.Prompt}";
}
