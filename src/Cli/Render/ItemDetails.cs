using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Stamina.Cli.Api;

namespace Stamina.Cli.Render;

/// <summary>The <c>show</c> view: the item's fields, its prompt, its attempts and its result.</summary>
internal static class ItemDetails
{
    static readonly Style Label = new(Color.Grey);
    static readonly Style Heading = new(decoration: Decoration.Bold);

    public static void Write(IAnsiConsole console, WorkItem item, DateTimeOffset now)
    {
        var fields = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        void Row(string label, IRenderable value) => fields.AddRow(new Text(label, Label), value);
        void TextRow(string label, string? value) => Row(label, new Text(string.IsNullOrEmpty(value) ? "-" : value));

        TextRow("Id", item.Id.ToString("D"));
        Row("State", StateStyle.Item(item.State));
        TextRow("Repo", item.Repo);
        TextRow("Base ref", item.BaseRef);
        TextRow("Harness", item.Harness);
        if (item.Command is { Count: > 0 } command)
            TextRow("Command", ArgvText.Join(command));
        TextRow("Pool", item.Pool);
        TextRow("Priority", item.Priority?.ToString(CultureInfo.InvariantCulture));
        TextRow("Attempt", item.Attempt.ToString(CultureInfo.InvariantCulture));
        TextRow("Failures", item.Failures.ToString(CultureInfo.InvariantCulture)
            + (item.MaxAttempts is { } max ? $" (fails for good at {max})" : ""));
        TextRow("Timeout", item.Timeout);
        if (item.Labels is { Count: > 0 } labels)
            TextRow("Labels", string.Join(", ", labels.Select(l => $"{l.Key}={l.Value}")));
        TextRow("Created", TimeText.Absolute(item.CreatedAt, now));
        TextRow("Updated", TimeText.Absolute(item.UpdatedAt, now));
        if (item.NotBefore is not null)
            TextRow("Not before", TimeText.Absolute(item.NotBefore, now));
        if (item.LeaseExpiresAt is not null)
            TextRow("Lease", $"expires {TimeText.Relative(item.LeaseExpiresAt, now)}" + (item.Holder is null ? "" : $", held by {item.Holder}"));
        console.Write(fields);

        if (!string.IsNullOrWhiteSpace(item.Prompt))
        {
            console.WriteLine();
            console.Write(new Panel(new Text(item.Prompt)).Header("Prompt"));
        }

        console.WriteLine();
        console.Write(new Text("Attempts", Heading));
        console.WriteLine();
        if (item.Attempts is { Count: > 0 } attempts)
            console.Write(AttemptTable(attempts, now));
        else
            console.WriteLine("none yet");

        if (item.Result is { } result)
        {
            console.WriteLine();
            console.Write(new Text("Result", Heading));
            console.WriteLine();
            console.Write(ResultGrid(result));
        }
    }

    /// <summary>"3 files changed, +10 -2", as git's diff stat says it.</summary>
    public static string DiffStat(ItemResult result) =>
        $"{result.FilesChanged} {(result.FilesChanged == 1 ? "file" : "files")} changed, +{result.Insertions} -{result.Deletions}";

    static Table AttemptTable(IReadOnlyList<ItemAttempt> attempts, DateTimeOffset now)
    {
        var table = TableStyle.Create("#", "WORKER", "MACHINE", "ACCOUNT", "STARTED", "TOOK", "OUTCOME", "EXIT", "ERROR", "MESSAGE");
        foreach (var attempt in attempts)
        {
            var took = attempt.StartedAt is { } started ? TimeText.Duration((attempt.EndedAt ?? now) - started) : "-";
            table.AddRow(
                new Text(attempt.Number.ToString(CultureInfo.InvariantCulture)),
                new Text(attempt.Worker ?? "-"),
                new Text(attempt.Machine ?? "-"),
                new Text(attempt.Account ?? "-"),
                new Text(TimeText.Relative(attempt.StartedAt, now)),
                new Text(took),
                StateStyle.Outcome(attempt.Outcome),
                new Text(attempt.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new Text(attempt.ErrorClass ?? "-"),
                new Text(attempt.Message ?? ""));
        }
        return table;
    }

    static Grid ResultGrid(ItemResult result)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        void Row(string label, string? value) => grid.AddRow(new Text(label, Label), new Text(string.IsNullOrEmpty(value) ? "-" : value));
        Row("Branch", result.Branch);
        Row("Commits", $"{result.Commits} ({ShortSha(result.BaseCommit)}..{ShortSha(result.HeadCommit)})");
        Row("Diff", DiffStat(result));
        Row("Exit code", result.ExitCode?.ToString(CultureInfo.InvariantCulture));
        Row("Summary", result.Summary);
        return grid;
    }

    static string ShortSha(string? sha) => string.IsNullOrEmpty(sha) ? "?" : sha[..Math.Min(12, sha.Length)];
}
