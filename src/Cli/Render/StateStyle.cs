using Spectre.Console;

namespace Stamina.Cli.Render;

/// <summary>One colour per state so a board can be read at a glance; the text stays, so no colour is needed to read it.</summary>
static class StateStyle
{
    /// <summary>The colour comes from the first word, so "Queued (pause)" is coloured as Queued.</summary>
    public static Text Item(string? state) => new(state ?? "?", state?.Split(' ')[0] switch
    {
        "Pending" => new Style(Color.Grey),
        "Queued" => new Style(Color.Blue),
        "Running" => new Style(Color.Yellow),
        "Succeeded" => new Style(Color.Green),
        "Failed" => new Style(Color.Red),
        "Cancelled" => new Style(Color.Grey, decoration: Decoration.Strikethrough),
        "Skipped" => new Style(Color.Grey, decoration: Decoration.Italic),
        _ => Style.Plain,
    });

    public static Text Worker(string? state) => new(state ?? "?", state switch
    {
        "idle" => new Style(Color.Grey),
        "busy" => new Style(Color.Green),
        "draining" => new Style(Color.Yellow),
        "drained" => new Style(Color.Yellow, decoration: Decoration.Bold),
        "off-shift" => new Style(Color.Grey, decoration: Decoration.Italic),
        "limited" => new Style(Color.Blue),
        "paused" => new Style(Color.Red, decoration: Decoration.Bold),
        "offline" => new Style(Color.Red),
        _ => Style.Plain,
    });

    /// <summary>An attempt without an outcome is still running.</summary>
    public static Text Outcome(string? outcome) => new(outcome ?? "running", outcome switch
    {
        null => new Style(Color.Yellow),
        "succeeded" => new Style(Color.Green),
        "failed" or "timedOut" => new Style(Color.Red),
        "lost" => new Style(Color.Yellow),
        "released" => new Style(Color.Blue),
        "cancelled" => new Style(Color.Grey),
        _ => Style.Plain,
    });
}
