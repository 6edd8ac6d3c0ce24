using Spectre.Console;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;

namespace Stamina.Cli.Render;

/// <summary><c>stamina batch show</c> (and what <c>submit -f</c> prints): the batch, then one row per item in file order.</summary>
static class BatchDetails
{
    public static void Write(IAnsiConsole console, BatchInfo batch, DateTimeOffset now)
    {
        console.WriteLine($"Batch {batch.Id:D}{(batch.Name is { } name ? $"  {name}" : "")}");
        console.WriteLine($"  {Counts(batch)}; cost {Money.Usd(batch.CostUsd)}; created {TimeText.Relative(batch.CreatedAt, now)}"
            + (batch.StartedAt is { } started ? $", started {TimeText.Relative(started, now)}" : "")
            + (batch.EndedAt is { } ended ? $", ended {TimeText.Relative(ended, now)}" : ""));
        if (batch.Summary is { } summary)
            console.WriteLine($"  Ended: {summary}");
        var table = TableStyle.Create("ID", "TASK", "STATE", "AFTER", "COST", "BRANCH / REASON");
        foreach (var item in batch.Items ?? [])
        {
            table.AddRow(
                new Text(ItemIdText.Short(item.Id)),
                new Text(item.Key ?? "-"),
                StateStyle.Item(item.State),
                new Text(item.After is { Count: > 0 } after ? string.Join(", ", after) : "-"),
                new Text(Money.Usd(item.CostUsd)),
                new Text(item.Branch ?? item.SkipReason ?? "-"));
        }
        console.Write(table);
    }

    /// <summary>The batches of <c>stamina batch list</c>, newest first.</summary>
    public static void WriteList(IAnsiConsole console, IReadOnlyList<BatchInfo> batches, DateTimeOffset now)
    {
        if (batches.Count == 0)
        {
            console.WriteLine("No batches.");
            return;
        }
        var table = TableStyle.Create("ID", "NAME", "ITEMS", "STATES", "COST", "CREATED", "ENDED");
        foreach (var batch in batches)
        {
            table.AddRow(
                new Text(ItemIdText.Short(batch.Id)),
                new Text(batch.Name ?? "-"),
                new Text(batch.Total.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(Counts(batch)),
                new Text(Money.Usd(batch.CostUsd)),
                new Text(TimeText.Relative(batch.CreatedAt, now)),
                new Text(batch.EndedAt is { } ended ? TimeText.Relative(ended, now) : "-"));
        }
        console.Write(table);
    }

    static string Counts(BatchInfo batch) => batch.Counts is { Count: > 0 } counts
        ? string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key.ToLowerInvariant()}"))
        : "no items";
}
