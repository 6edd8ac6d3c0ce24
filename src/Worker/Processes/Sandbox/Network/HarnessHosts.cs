namespace Stamina.Worker.Processes.Sandbox.Network;

/// <summary>
/// The hosts each agent CLI needs to reach its model (the API, and the login's token refresh), allowed for that
/// harness unless <c>Stamina:Worker:SandboxNetwork</c> is <c>none</c>. Telemetry and error reporting (Statsig, Sentry,
/// Google's play logging) are left out: the CLIs work without them, and each is a way out for data. The table is in
/// docs/security.md.
/// </summary>
public static class HarnessHosts
{
    static readonly Dictionary<string, string[]> Defaults = new(StringComparer.Ordinal)
    {
        ["claude"] = ["api.anthropic.com", "console.anthropic.com"],
        ["codex"] = ["api.openai.com", "auth.openai.com", "chatgpt.com"],
        ["gemini"] = ["generativelanguage.googleapis.com", "cloudcode-pa.googleapis.com", "oauth2.googleapis.com"],
    };

    /// <summary>The default hosts of <paramref name="harness"/>; none for the command harness or an unknown one.</summary>
    public static IReadOnlyList<string> For(string? harness) =>
        harness is not null && Defaults.TryGetValue(harness, out var hosts) ? hosts : [];
}
