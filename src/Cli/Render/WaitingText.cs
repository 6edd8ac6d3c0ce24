using Stamina.Cli.Api;

namespace Stamina.Cli.Render;

/// <summary>A waiting reason in words: "pause: dispatch is paused (until …)".</summary>
static class WaitingText
{
    public static string Of(WaitingReason waiting, DateTimeOffset now) =>
        $"{waiting.Kind ?? "?"}: {waiting.Detail ?? "-"}" + (waiting.Until is { } until ? $" (until {TimeText.Absolute(until, now)})" : "");
}
