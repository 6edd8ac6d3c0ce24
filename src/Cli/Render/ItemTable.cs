using Spectre.Console;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;

namespace Stamina.Cli.Render;

/// <summary>The <c>list</c> table: one row per item, newest first as the coordinator sends them; a waiting item's state names why ("Queued (pause)").</summary>
static class ItemTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<WorkItem> items, DateTimeOffset now)
    {
        if (items.Count == 0)
        {
            console.WriteLine("No items.");
            return;
        }
        var table = TableStyle.Create("ID", "STATE", "POOL", "ATTEMPT", "REPO", "UPDATED", "BRANCH");
        foreach (var item in items)
        {
            table.AddRow(
                new Text(ItemIdText.Short(item.Id)),
                StateStyle.Item(item.Waiting?.Kind is { } kind ? $"{item.State} ({kind})" : item.State),
                new Text(item.Pool ?? "-"),
                new Text(item.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(item.Repo ?? "-"),
                new Text(TimeText.Relative(item.UpdatedAt ?? item.CreatedAt, now)),
                new Text(item.Result?.Branch ?? "-"));
        }
        console.Write(table);
    }
}
