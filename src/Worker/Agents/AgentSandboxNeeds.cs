namespace Stamina.Worker.Agents;

/// <summary>
/// What an agent CLI needs from outside its sandbox: its own credentials (the agent's, which it must read to work: see
/// docs/security.md) and, when the worker has no account directory for it, its login in the worker user's home.
/// </summary>
public static class AgentSandboxNeeds
{
    /// <summary>Environment variables an agent CLI takes its key, token or endpoint from; passed on when the worker has them.</summary>
    public static IReadOnlyList<string> CredentialVariables(string harness) => harness switch
    {
        "claude" => ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_BASE_URL"],
        "codex" => ["OPENAI_API_KEY", "CODEX_API_KEY", "OPENAI_BASE_URL"],
        "gemini" => ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_CLOUD_PROJECT", "GOOGLE_GENAI_USE_VERTEXAI"],
        _ => [],
    };

    /// <summary>Where each CLI keeps its login and settings under the user's home, when no config dir is given.</summary>
    public static IReadOnlyList<string> HomeEntries(string harness) => harness switch
    {
        "claude" => [".claude", ".claude.json"],
        "codex" => [".codex"],
        "gemini" => [".gemini"],
        _ => [],
    };
}
