using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Stamina.Cli.Api;

namespace Stamina.Cli.Render;

/// <summary>The <c>show</c> view: the item's fields, its prompt, its attempts and its result.</summary>
static class ItemDetails
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
        if (item.Waiting is { } waiting)
            TextRow("Waiting", WaitingText.Of(waiting, now));
        if (item.SkipReason is { } skipped)
            TextRow("Skipped", skipped);
        if (item.BatchId is { } batch)
            TextRow("Batch", batch.ToString("D"));
        TextRow("Repo", item.Repo);
        TextRow("Base ref", item.BaseRef);
        TextRow("Harness", item.Harness);
        if (item.Pipeline is { } pipeline)
        {
            TextRow("Pipeline", $"{pipeline.PipelineId:D}, step {pipeline.Step}{(pipeline.Review ? " (reviewer)" : "")}, round {pipeline.Round}"
                + $"  (stamina pipeline show {pipeline.PipelineId:D})");
        }

        if (item.Command is { Count: > 0 } command)
            TextRow("Command", ArgvText.Join(command));
        TextRow("Pool", item.Pool);
        TextRow("Priority", item.Priority?.ToString(CultureInfo.InvariantCulture));
        TextRow("Attempt", item.Attempt.ToString(CultureInfo.InvariantCulture));
        TextRow("Failures", item.Failures.ToString(CultureInfo.InvariantCulture)
            + (item.MaxAttempts is { } max ? $" (fails for good at {max})" : ""));
        if (item.LostAttempts > 0)
            TextRow("Lost", item.LostAttempts.ToString(CultureInfo.InvariantCulture) + " (holder killed, frozen or cut off; not failures)");
        TextRow("Timeout", item.Timeout);
        if (item.Agent is { } agent)
            AgentRows(agent, TextRow);
        if (item.CostUsd is not null)
            TextRow("Cost", Money.Usd(item.CostUsd) + " (all attempts)");
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

        if (item.Progress is { } progress && item.State is "Running")
        {
            console.WriteLine();
            console.Write(new Text("Progress", Heading));
            console.WriteLine();
            console.Write(ProgressGrid(progress, now));
        }

        console.WriteLine();
        console.Write(new Text("Attempts", Heading));
        console.WriteLine();
        if (item.Attempts is { Count: > 0 } attempts)
        {
            console.Write(AttemptTable(attempts, now));
            WriteHookOutputs(console, attempts);
        }
        else
        {
            console.WriteLine("none yet");
        }

        if (item.Result is { } result)
        {
            console.WriteLine();
            console.Write(new Text("Result", Heading));
            console.WriteLine();
            var acceptedPruned = item.Attempts?.FirstOrDefault(a => a.Branch == result.Branch)?.BranchPrunedAt is not null;
            console.Write(ResultGrid(result, acceptedPruned));
        }
    }

    /// <summary>"3 files changed, +10 -2", as git's diff stat says it.</summary>
    public static string DiffStat(ItemResult result) =>
        $"{result.FilesChanged} {(result.FilesChanged == 1 ? "file" : "files")} changed, +{result.Insertions} -{result.Deletions}";

    /// <summary>Only the agent settings that were given: a command item shows none of them.</summary>
    static void AgentRows(AgentSettings agent, Action<string, string?> row)
    {
        if (agent.Model is not null)
            row("Model", agent.Model);
        if (agent.SkillLevel is not null)
            row("Skill level", agent.SkillLevel);
        if (agent.MaxTurns is { } turns)
            row("Max turns", turns.ToString(CultureInfo.InvariantCulture));
        if (agent.MaxBudgetUsd is not null)
            row("Max budget", Money.Usd(agent.MaxBudgetUsd));
        if (agent.StallTimeout is not null)
            row("Stall timeout", agent.StallTimeout);
        if (agent.TaskFile is not null)
            row("Task file", agent.TaskFile);
        if (agent.AppendSystemPrompt is not null)
            row("System prompt+", agent.AppendSystemPrompt);
    }

    static Grid ProgressGrid(AgentProgress progress, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        void Row(string label, string? value) => grid.AddRow(new Text(label, Label), new Text(string.IsNullOrEmpty(value) ? "-" : value));
        Row("Session", progress.SessionId);
        Row("Model", progress.Model);
        Row("Turns", progress.Turns?.ToString(CultureInfo.InvariantCulture));
        Row("Tool uses", progress.ToolUses?.ToString(CultureInfo.InvariantCulture)
            + (progress.LastTool is null ? "" : $" (last: {progress.LastTool})"));
        Row("Tokens", $"{Money.Count(progress.InputTokens)} in / {Money.Count(progress.OutputTokens)} out, "
            + $"cache {Money.Count(progress.CacheReadTokens)} read / {Money.Count(progress.CacheCreationTokens)} written");
        Row("Cost", Money.Usd(progress.CostUsd));
        Row("Last event", TimeText.Relative(progress.LastEventAt, now));
        return grid;
    }

    /// <summary>Each attempt's hook output (a post-task hook's test run, say) below the table, whole: it is bounded by the worker.</summary>
    static void WriteHookOutputs(IAnsiConsole console, IReadOnlyList<ItemAttempt> attempts)
    {
        foreach (var attempt in attempts.Where(a => !string.IsNullOrEmpty(a.HookOutput)))
        {
            console.WriteLine();
            console.Write(new Text($"Hook output of attempt {attempt.Number.ToString(CultureInfo.InvariantCulture)}", Label));
            console.WriteLine();
            console.Write(new Text(attempt.HookOutput!.TrimEnd()));
            console.WriteLine();
        }
    }

    static Table AttemptTable(IReadOnlyList<ItemAttempt> attempts, DateTimeOffset now)
    {
        var table = TableStyle.Create("#", "WORKER", "ACCOUNT", "HARNESS", "MODEL", "STARTED", "TOOK", "OUTCOME", "TURNS", "TOKENS IN/OUT",
            "COST", "EXIT", "ERROR", "MESSAGE");
        foreach (var attempt in attempts)
        {
            var took = attempt.StartedAt is { } started ? TimeText.Duration((attempt.EndedAt ?? now) - started) : "-";
            var tokens = attempt.InputTokens is null && attempt.OutputTokens is null
                ? "-"
                : $"{Money.Count(attempt.InputTokens)}/{Money.Count(attempt.OutputTokens)}";
            var message = attempt.Message ?? "";
            if (attempt.AccountLimitedUntil is { } limited)
                message = (message + $" (account limited until {TimeText.Absolute(limited, now)})").Trim();
            if (attempt.Verdict is { } verdict)
            {
                message = (message + $" verdict: {verdict}" + (attempt.VerdictFeedback is { Length: > 0 } feedback ? $": {feedback}" : "")
                    + (attempt.VerdictReason is { Length: > 0 } reason ? $" ({reason})" : "")).Trim();
            }

            if (attempt.BranchPrunedAt is { } pruned)
                message = (message + $" (branch pruned {TimeText.Relative(pruned, now)})").Trim();
            table.AddRow(
                new Text(attempt.Number.ToString(CultureInfo.InvariantCulture)),
                new Text(attempt.Worker ?? "-"),
                new Text(attempt.Account ?? "-"),
                new Text(attempt.Harness ?? "-"),
                new Text(attempt.Model ?? "-"),
                new Text(TimeText.Relative(attempt.StartedAt, now)),
                new Text(took),
                StateStyle.Outcome(attempt.Outcome),
                new Text(attempt.Turns?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new Text(tokens),
                new Text(Money.Usd(attempt.CostUsd)),
                new Text(attempt.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new Text(attempt.ErrorClass ?? "-"),
                new Text(message));
        }
        return table;
    }

    static Grid ResultGrid(ItemResult result, bool branchPruned)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        void Row(string label, string? value) => grid.AddRow(new Text(label, Label), new Text(string.IsNullOrEmpty(value) ? "-" : value));
        Row("Branch", branchPruned ? $"{result.Branch} (pruned: gone from the repository)" : result.Branch);
        Row("Commits", $"{result.Commits} ({ShortSha(result.BaseCommit)}..{ShortSha(result.HeadCommit)})");
        Row("Diff", DiffStat(result));
        Row("Exit code", result.ExitCode?.ToString(CultureInfo.InvariantCulture));
        Row("Summary", result.Summary);
        return grid;
    }

    static string ShortSha(string? sha) => string.IsNullOrEmpty(sha) ? "?" : sha[..Math.Min(12, sha.Length)];
}
