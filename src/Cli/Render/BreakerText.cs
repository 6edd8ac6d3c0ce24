using Spectre.Console;
using Stamina.Cli.Api;

namespace Stamina.Cli.Render;

/// <summary>Circuit breakers as the CLI shows them: one line beside a worker or in <c>stats</c>, and the <c>breakers</c> table.</summary>
static class BreakerText
{
    /// <summary>"breaker open until 22:14 (in 4m): exit: …" or "breaker half-open: one probe runs".</summary>
    public static string Line(BreakerInfo breaker, DateTimeOffset now) => breaker.Status switch
    {
        "open" => $"breaker open until {(breaker.OpenUntil is { } until ? TimeText.Relative(until, now) : "?")}: {breaker.Signature}",
        "halfOpen" => $"breaker half-open, one probe runs: {breaker.Signature}",
        var status => $"breaker {status}",
    };

    public static void Table(IAnsiConsole console, IReadOnlyList<BreakerInfo> breakers, DateTimeOffset now)
    {
        if (breakers.Count == 0)
        {
            console.WriteLine("No circuit breaker is open or counting failures.");
            return;
        }
        var table = TableStyle.Create("ID", "SCOPE", "KEY", "STATUS", "UNTIL", "TRIPS", "FAILURES", "SIGNATURE");
        foreach (var breaker in breakers)
        {
            table.AddRow(
                new Text(breaker.Id.ToString()),
                new Text(breaker.Scope ?? "?"),
                new Text(breaker.Key ?? "?"),
                new Text(breaker.Status ?? "?"),
                new Text(breaker.OpenUntil is { } until ? TimeText.Relative(until, now) : "-"),
                new Text(breaker.Trips.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(breaker.RecentFailures.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(breaker.Signature ?? "-"));
        }

        console.Write(table);
    }
}
