using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Stamina.Cli.Api;
using Stamina.Cli.Commands;
using Stamina.Cli.Parsing;

namespace Stamina.Cli.Render;

/// <summary>What <c>stamina watch</c> draws: a summary line, the items, and the workers.</summary>
static class WatchView
{
    static readonly Style Heading = new(decoration: Decoration.Bold);

    /// <summary>Finished items shown below the active ones; older ones still count for the exit code.</summary>
    const int FinishedShown = 10;

    public static IRenderable Build(WatchSnapshot snapshot, string? pool)
    {
        var now = snapshot.TakenAt;
        var running = snapshot.Active.Count(i => i.State == "Running");
        var header = $"{snapshot.TakenAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}  "
            + $"{(pool is null ? "all pools" : $"pool {pool}")}: {running} running, {snapshot.Active.Count - running} queued, "
            + $"{snapshot.Finished.Count} finished while watching";
        var parts = new List<IRenderable> { new Text(header, Heading), new Text("") };

        var shown = snapshot.Active.Concat(snapshot.Finished.TakeLast(FinishedShown)).ToList();
        if (shown.Count == 0)
        {
            parts.Add(new Text("No items queued or running."));
        }
        else
        {
            var items = TableStyle.Create("ID", "STATE", "POOL", "ATTEMPT", "HOLDER", "TURNS", "COST", "LAST TOOL", "AGE");
            foreach (var item in shown)
            {
                var progress = item.Progress;
                items.AddRow(
                    new Text(ItemIdText.Short(item.Id)),
                    StateStyle.Item(item.State),
                    new Text(item.Pool ?? "-"),
                    new Text(item.Attempt.ToString(CultureInfo.InvariantCulture)),
                    new Text(item.Holder ?? "-"),
                    new Text(progress?.Turns?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                    new Text(Money.Usd(progress?.CostUsd ?? item.CostUsd)),
                    new Text(progress?.LastTool ?? "-"),
                    new Text(item.CreatedAt is { } created ? TimeText.Duration(now - created) : "-"));
            }
            parts.Add(items);
        }

        parts.Add(new Text(""));
        if (snapshot.Workers.Count == 0)
        {
            parts.Add(new Text("No workers."));
        }
        else
        {
            var workers = TableStyle.Create("WORKER", "ACCOUNT", "STATE", "LIMITED UNTIL", "ITEM", "ATTENTION");
            foreach (var worker in snapshot.Workers)
            {
                workers.AddRow(
                    new Text(worker.Name ?? "?"),
                    new Text(worker.Account ?? "-"),
                    StateStyle.Worker(worker.State),
                    new Text(worker.LimitedUntil is { } until ? TimeText.Relative(until, now) : "-"),
                    new Text(worker.CurrentItem is { } id ? ItemIdText.Short(id) : "-"),
                    new Text(worker.Attention ?? ""));
            }
            parts.Add(workers);
        }
        return new Rows(parts);
    }
}
