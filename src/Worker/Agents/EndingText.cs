namespace Stamina.Worker.Agents;

/// <summary>Keeps texts that end up in messages and logs short.</summary>
static class EndingText
{
    public const int MessageLimit = 2000;

    public static string Cut(string? text, int limit = MessageLimit)
    {
        var trimmed = (text ?? "").Trim();
        return trimmed.Length <= limit ? trimmed : string.Concat(trimmed.AsSpan(0, limit - 1), "…");
    }

    /// <summary>The end of a text, where a CLI's fatal error usually is.</summary>
    public static string Tail(string? text, int limit = MessageLimit)
    {
        var trimmed = (text ?? "").Trim();
        return trimmed.Length <= limit ? trimmed : string.Concat("…", trimmed.AsSpan(trimmed.Length - limit + 1));
    }
}
