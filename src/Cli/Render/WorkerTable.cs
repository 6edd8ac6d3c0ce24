using System.Globalization;
using Spectre.Console;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;

namespace Stamina.Cli.Render;

/// <summary>The <c>workers</c> table.</summary>
static class WorkerTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<WorkerInfo> workers, DateTimeOffset now)
    {
        if (workers.Count == 0)
        {
            console.WriteLine("No workers have registered.");
            return;
        }
        var table = TableStyle.Create("NAME", "MACHINE", "POOL", "ACCOUNT", "STATE", "LIMITED UNTIL", "ITEM", "VERSION", "UP", "LAST SEEN",
            "ATTENTION");
        foreach (var worker in workers)
        {
            var item = worker.CurrentItem is { } id
                ? ItemIdText.Short(id) + (worker.CurrentAttempt is { } attempt ? "#" + attempt.ToString(CultureInfo.InvariantCulture) : "")
                : "-";
            table.AddRow(
                new Text(worker.Name ?? "?"),
                new Text(worker.Machine ?? "-"),
                new Text(worker.Pool ?? "-"),
                new Text(worker.Account ?? "-"),
                StateStyle.Worker(worker.State),
                new Text(worker.LimitedUntil is { } until ? TimeText.Relative(until, now) : "-"),
                new Text(item),
                new Text(worker.Version ?? "-"),
                new Text(worker.StartedAt is { } started ? TimeText.Duration(now - started) : "-"),
                new Text(TimeText.Relative(worker.LastSeenAt, now)),
                new Text(worker.Attention ?? (worker.Breaker is { } breaker ? BreakerText.Line(breaker, now) : "")));
        }
        console.Write(table);
    }
}
