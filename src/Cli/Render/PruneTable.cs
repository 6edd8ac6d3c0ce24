using System.Globalization;
using Spectre.Console;
using Stamina.Cli.Api;
using Stamina.Cli.Parsing;

namespace Stamina.Cli.Render;

/// <summary>What <c>stamina prune</c> deletes (or would): one row per attempt branch, then a summary line.</summary>
static class PruneTable
{
    public static void Write(IAnsiConsole console, PruneAnswer answer, DateTimeOffset now)
    {
        var items = answer.Branches.Select(b => b.ItemId).Distinct().Count();
        if (answer.Branches.Count == 0)
        {
            console.WriteLine($"Nothing to prune: no finished item older than {answer.OlderThan} has an attempt branch left"
                + (answer.IncludeAccepted ? "." : " (accepted branches are kept; --include-accepted prunes them too)."));
            return;
        }
        var table = TableStyle.Create("ITEM", "#", "STATE", "FINISHED", "BRANCH", "ACCEPTED");
        foreach (var branch in answer.Branches)
        {
            table.AddRow(
                new Text(ItemIdText.Short(branch.ItemId)),
                new Text(branch.Attempt.ToString(CultureInfo.InvariantCulture)),
                StateStyle.Item(branch.State),
                new Text(TimeText.Relative(branch.FinishedAt, now)),
                new Text(branch.Branch ?? "-"),
                new Text(branch.Accepted ? "yes" : "-"));
        }
        console.Write(table);
        var count = $"{answer.Branches.Count} attempt {(answer.Branches.Count == 1 ? "branch" : "branches")} of {items} {(items == 1 ? "item" : "items")}";
        console.WriteLine(answer.DryRun
            ? $"Dry run: would prune {count}. Nothing was changed."
            : $"Pruning {count}: sent to {answer.Workers} live {(answer.Workers == 1 ? "worker" : "workers")}, which delete the branches from "
                + "the repositories, their mirrors and kept worktrees. 'stamina show ID' marks each branch once it is gone.");
    }
}
