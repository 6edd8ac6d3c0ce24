using System.Globalization;
using System.Text;
using Stamina.Cli.Api;

namespace Stamina.Cli.Render;

/// <summary>
/// The morning report as Markdown: plain text that reads well in a terminal and renders as tables when pasted into
/// a chat or an issue. No colours, no terminal widths: the same bytes whatever the output is.
/// </summary>
static class ReportMarkdown
{
    public static string Write(MorningReport report)
    {
        var md = new StringBuilder();
        var t = report.Totals;
        var window = report.Window;
        md.Append(CultureInfo.InvariantCulture, $"# Stamina report: {Time(window.From)} to {Time(window.To)} ({TimeText.Duration(window.To - window.From)})\n\n");
        md.Append(CultureInfo.InvariantCulture,
            $"**{t.Items} items**: {t.Succeeded} succeeded, {t.Failed} failed, {t.Cancelled} cancelled, {t.Running} running, {t.Queued} queued. ");
        md.Append(CultureInfo.InvariantCulture,
            $"{t.Attempts} attempts ({t.FailedAttempts} failed), {Money.Usd(t.CostUsd)} spent, tokens {Money.Count(t.InputTokens)} in / {Money.Count(t.OutputTokens)} out, ");
        md.Append(CultureInfo.InvariantCulture, $"{t.Limits} usage limits.\n");

        md.Append("\n## Items\n\n");
        if (report.Items.Count == 0)
        {
            md.Append("No item was submitted, ran or finished in this window.\n");
        }
        else
        {
            md.Append("| Item | Outcome | Branch | Diff | Cost | Duration | Attempts |\n|---|---|---|---|---|---|---|\n");
            foreach (var item in report.Items)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| `{Short(item.Id)}` {Cell(item.Title)} | {Cell(Outcome(item))} | {Code(item.Branch)} | {Diff(item.Diff)} | {Money.Usd(item.CostUsd)} | {Duration(item.DurationSeconds)} | {item.Attempts} |\n");
            }
        }

        md.Append("\n## Accounts\n\n");
        if (report.Accounts.Count == 0)
        {
            md.Append("No attempt ran in this window.\n");
        }
        else
        {
            md.Append("| Account | Items | Attempts | Spend | Tokens in / out | Utilisation | Limits |\n|---|---|---|---|---|---|---|\n");
            foreach (var account in report.Accounts)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {Cell(account.Account)} | {account.Items} | {account.Attempts} | {Money.Usd(account.CostUsd)} | {Money.Count(account.InputTokens)} / {Money.Count(account.OutputTokens)} | {Utilisation(account)} | {account.Limits.Count} |\n");
            }

            var limits = report.Accounts.SelectMany(a => a.Limits.Select(l => (a.Account, Limit: l))).ToList();
            if (limits.Count > 0)
            {
                md.Append("\nUsage limits:\n\n");
                foreach (var (account, limit) in limits)
                {
                    md.Append(CultureInfo.InvariantCulture,
                        $"- {Cell(account)}: limited at {Time(limit.At)} until {(limit.Until is { } until ? Time(until) : "unknown")} (worker {Cell(limit.Worker)}, item `{Short(limit.ItemId)}`)\n");
                }
            }
        }

        md.Append("\n## Failures\n\n");
        if (report.Failures.Count == 0)
        {
            md.Append("No attempt failed in this window.\n");
        }
        else
        {
            md.Append("| Count | Signature | Items |\n|---|---|---|\n");
            foreach (var failure in report.Failures)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {failure.Count} | {Code(failure.Signature)} | {string.Join(", ", failure.ItemIds.Select(id => $"`{Short(id)}`"))} |\n");
            }
        }
        return md.ToString();
    }

    /// <summary>UTC, to the minute: a report is read the next morning, perhaps in another zone.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Tenths of a second under a minute (attempt durations are often short), else the two largest units.</summary>
    public static string Duration(double seconds) => seconds < 60
        ? Math.Max(0, seconds).ToString("0.#", CultureInfo.InvariantCulture) + "s"
        : TimeText.Duration(TimeSpan.FromSeconds(seconds));

    /// <summary>The first 8 characters, as the tables show them and as <c>stamina show</c> accepts.</summary>
    static string Short(Guid id) => id.ToString("D")[..8];

    static string Outcome(ReportItem item) => item.ErrorClass is { } error ? $"{item.Outcome} ({error})" : item.Outcome;

    static string Diff(ReportDiff? diff) => diff is null
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{diff.FilesChanged} files +{diff.Insertions} -{diff.Deletions}");

    static string Utilisation(ReportAccount account) =>
        string.Create(CultureInfo.InvariantCulture, $"{account.Utilisation:0%} of {account.Workers} worker{(account.Workers == 1 ? "" : "s")}");

    /// <summary>A table cell: no pipe or line break may end the cell or the row early.</summary>
    static string Cell(string? text) => string.IsNullOrEmpty(text)
        ? "-"
        : text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Code in a cell; a backtick inside would end it, so it becomes a quote.</summary>
    static string Code(string? text) => string.IsNullOrEmpty(text)
        ? "-"
        : "`" + text.Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) + "`";
}
