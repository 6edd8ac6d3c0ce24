namespace Stamina.Worker.Agents;

/// <summary>
/// Messages that say the account's login or key is missing or bad: a person has to act, so the account is
/// paused rather than the item failed. Collected from the CLIs' recorded output without credentials and
/// from their known messages (Claude: "Not logged in · Please run /login", "Invalid API key"; Codex: "401
/// Unauthorized", "Not logged in"; Gemini: "Please set an Auth method", "API key not valid").
/// </summary>
public static class AuthFailureText
{
    static readonly string[] Phrases =
    [
        "not logged in",
        "please run /login",
        "invalid api key",
        "incorrect api key",
        "invalid x-api-key",
        "api key not valid",
        "authentication_error",
        "authentication_failed",
        "invalid authentication credentials",
        "oauth token has expired",
        "oauth token revoked",
        "token has been revoked",
        "could not be refreshed",
        "401 unauthorized",
        "status 401",
        "please login",
        "please log in",
        "please sign in",
        "log in again",
        "please set an auth method",
        "unauthenticated",
        "failed to login",
        "login required",
        "credit balance is too low",
    ];

    public static bool Matches(string? text) =>
        !string.IsNullOrEmpty(text) && Phrases.Any(phrase => text.Contains(phrase, StringComparison.OrdinalIgnoreCase));
}
