namespace Stamina.Worker.Agents;

/// <summary>
/// API and network failures that say nothing about the item (overload, server errors, lost connections).
/// An agent that fails with one of these ended as <see cref="AgentEndingKind.Crashed"/>, which is retried,
/// rather than as a permanent <see cref="AgentEndingKind.AgentError"/>.
/// </summary>
public static class TransientErrorText
{
    static readonly string[] Phrases =
    [
        "overloaded",
        "internal server error",
        "bad gateway",
        "service unavailable",
        "gateway timeout",
        "status 500",
        "status 502",
        "status 503",
        "status 504",
        "status 529",
        "stream disconnected",
        "connection failed",
        "connection error",
        "error sending request",
        "econnreset",
        "econnrefused",
        "etimedout",
        "fetch failed",
        "socket hang up",
        "name does not resolve",
        "request timed out",
    ];

    public static bool Matches(string? text) =>
        !string.IsNullOrEmpty(text) && Phrases.Any(phrase => text.Contains(phrase, StringComparison.OrdinalIgnoreCase));
}
