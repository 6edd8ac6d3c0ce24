using System.Globalization;
using Spectre.Console;
using Stamina.Cli.Api;

namespace Stamina.Cli.Render;

/// <summary>The <c>stats</c> view: one labelled row per group of counts, then the pools.</summary>
static class StatsView
{
    public static void Write(IAnsiConsole console, FleetStats stats)
    {
        var i = stats.Items;
        var a = stats.Attempts;
        var g = stats.Agents;
        var w = stats.Workers;
        var table = TableStyle.Create("", "COUNTS");
        if (stats.Window is { } window)
            table.AddRow(new Text("Window"), new Text($"{ReportMarkdown.Time(window.From)} to {ReportMarkdown.Time(window.To)}"));
        table.AddRow(new Text("Items"), new Text(
            $"{N(i.Queued)} queued, {N(i.Running)} running, {N(i.Succeeded)} succeeded, {N(i.Failed)} failed, "
            + $"{N(i.Cancelled)} cancelled, {N(i.Total)} total"));
        table.AddRow(new Text("Attempts"), new Text(
            $"{N(a.Total)} total, {N(a.Succeeded)} succeeded, {N(a.Failed)} failed, {N(a.Released)} released, "
            + $"{N(a.Lost)} lost, {N(a.UsageLimited)} usage-limited"));
        if (stats.Durations is { } d)
        {
            table.AddRow(new Text("Durations"), new Text(d.Count == 0
                ? "no finished attempts"
                : $"p50 {Seconds(d.P50Seconds)}, p95 {Seconds(d.P95Seconds)}, p99 {Seconds(d.P99Seconds)} of {N(d.Count)} finished attempts"));
        }

        table.AddRow(new Text("Agents"), new Text(
            $"{Money.Usd(g.CostUsd)} spent, {N(g.Turns)} turns, tokens {Money.Count(g.InputTokens)} in / {Money.Count(g.OutputTokens)} out, "
            + $"cache {Money.Count(g.CacheReadTokens)} read / {Money.Count(g.CacheCreationTokens)} written"));
        table.AddRow(new Text("Workers"), new Text(
            $"{N(w.Idle)} idle, {N(w.Busy)} busy, {N(w.Limited)} limited, {N(w.Paused)} paused, {N(w.Draining)} draining, "
            + $"{N(w.Offline)} offline"));
        if (stats.Dispatch is { } dispatch)
            table.AddRow(new Text("Dispatch"), new Text(DispatchText.Summary(dispatch)));
        console.Write(table);
        WriteBreakers(console, stats.Breakers);

        if (stats.Pools.Count == 0)
            return;
        console.WriteLine();
        var pools = TableStyle.Create("POOL", "QUEUED", "RUNNING");
        foreach (var pool in stats.Pools)
            pools.AddRow(new Text(pool.Pool ?? "?"), new Text(N(pool.Queued)), new Text(N(pool.Running)));
        console.Write(pools);
    }

    static void WriteBreakers(IAnsiConsole console, IReadOnlyList<BreakerInfo> breakers)
    {
        if (breakers.Count == 0)
            return;
        console.WriteLine();
        var table = TableStyle.Create("OPEN BREAKER", "STATUS", "UNTIL", "SIGNATURE");
        foreach (var breaker in breakers)
        {
            table.AddRow(new Text($"{breaker.Scope} {breaker.Key}"), new Text(breaker.Status ?? "?"),
                new Text(breaker.OpenUntil is { } until ? ReportMarkdown.Time(until) : "-"), new Text(breaker.Signature ?? "-"));
        }

        console.Write(table);
    }

    static string Seconds(double? seconds) => seconds is { } value ? ReportMarkdown.Duration(value) : "-";

    static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
