using System.Globalization;
using Spectre.Console;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;

namespace Stamina.Cli.Render;

/// <summary>The <c>schedule list</c> table and the <c>schedule show</c> page.</summary>
static class ScheduleTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ScheduleInfo> schedules, DateTimeOffset now)
    {
        if (schedules.Count == 0)
        {
            console.WriteLine("No schedules. Add one with 'stamina schedule add --cron ... --tz ... -f tasks.yml'.");
            return;
        }
        var table = TableStyle.Create("ID", "NAME", "CRON", "TZ", "NEXT", "NEXT (UTC)", "LAST", "OUTCOME", "PAUSED");
        foreach (var schedule in schedules)
        {
            table.AddRow(
                new Text(ItemIdText.Short(schedule.Id)),
                new Text(schedule.Name ?? "-"),
                new Text(schedule.Cron ?? "-"),
                new Text(schedule.TimeZone ?? "-"),
                new Text(schedule.Paused ? "(paused)" : Wall(schedule.NextOccurrenceLocal) + $" ({TimeText.Relative(schedule.NextOccurrence, now)})"),
                new Text(Utc(schedule.NextOccurrence)),
                new Text(schedule.LastOccurrence is { } last ? Wall(last.OccurrenceLocal) : "-"),
                new Text(schedule.LastOccurrence?.Summary ?? "-"),
                new Text(schedule.Paused ? "yes" : "no"));
        }

        console.Write(table);
    }

    public static void WriteDetails(IAnsiConsole console, ScheduleInfo schedule, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn();
        void Row(string label, string value) => grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(value));
        Row("Id", schedule.Id.ToString("D"));
        Row("Name", schedule.Name ?? "-");
        Row("Cron", $"{schedule.Cron} ({schedule.TimeZone})");
        Row("Missed", schedule.Missed ?? "-");
        Row("Overlap", schedule.Overlap ?? "-");
        Row("Paused", schedule.Paused ? "yes" : "no");
        Row("Next", schedule.Paused ? "(paused)"
            : $"{Wall(schedule.NextOccurrenceLocal)} = {Utc(schedule.NextOccurrence)} ({TimeText.Relative(schedule.NextOccurrence, now)})");
        console.Write(grid);
        var occurrences = schedule.Occurrences ?? [];
        console.WriteLine();
        if (occurrences.Count == 0)
        {
            console.WriteLine("No occurrences yet.");
            return;
        }
        var table = TableStyle.Create("OCCURRENCE", "UTC", "OUTCOME", "BATCH");
        foreach (var occurrence in occurrences)
        {
            table.AddRow(new Text(Wall(occurrence.OccurrenceLocal)), new Text(Utc(occurrence.Occurrence)), new Text(occurrence.Summary ?? "-"),
                new Text(occurrence.BatchId?.ToString("D") ?? "-"));
        }

        console.Write(table);
    }

    /// <summary>On the schedule's own clock, with its offset (a daylight-saving change shows).</summary>
    static string Wall(DateTimeOffset? time) =>
        time?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) ?? "-";

    static string Utc(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
