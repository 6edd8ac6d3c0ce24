using Spectre.Console;
using Stamina.Cli.Api;

namespace Stamina.Cli.Render;

/// <summary>The dispatch state in words: "releasing" or every reason it holds work back, one per line.</summary>
static class DispatchText
{
    public static string Summary(DispatchState state)
    {
        var reasons = state.Reasons.Select(r => r.Detail ?? r.Kind ?? "?").Distinct().ToList();
        return reasons.Count == 0 ? "releasing work (no pause, no cap reached, no breaker open)" : string.Join(Environment.NewLine, reasons);
    }

    public static void Write(IAnsiConsole console, DispatchState state, DateTimeOffset now)
    {
        var table = TableStyle.Create("", "DISPATCH");
        table.AddRow(new Text("State"), new Text(state.Paused ? "paused (whole fleet)" : state.Pauses.Count > 0 ? "paused for some pools" : "releasing"));
        foreach (var pause in state.Pauses)
        {
            table.AddRow(new Text(pause.Pool is null ? "Paused" : $"Paused {pause.Pool}"), new Text(
                $"since {TimeText.Absolute(pause.PausedAt, now)}" + (pause.Reason is { Length: > 0 } reason ? $": {reason}" : "")));
        }

        foreach (var hold in state.Holds.Where(h => h.Reason?.Kind != "pause"))
            table.AddRow(new Text(hold.Reason?.Kind ?? "hold"), new Text(hold.Reason is { } reason ? WaitingText.Of(reason, now) : "-"));
        foreach (var cap in state.CapsReached.Where(c => c.Kind == "account"))
            table.AddRow(new Text("cap"), new Text(cap.Reason is { } reason ? WaitingText.Of(reason, now) : "-"));
        console.Write(table);
    }
}
