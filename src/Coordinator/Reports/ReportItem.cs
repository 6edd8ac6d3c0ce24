namespace Stamina.Coordinator.Reports;

/// <summary>One item that was submitted, ran or finished in the window; its cost and duration cover all its attempts.</summary>
public sealed record ReportItem
{
    public Guid Id { get; init; }

    /// <summary>The prompt's first line (or the command), short: what a person recognises the item by.</summary>
    public string Title { get; init; } = "";
    public string Pool { get; init; } = "";
    public string Harness { get; init; } = "";

    /// <summary>The item's state now: Succeeded, Failed, Cancelled, or Running/Queued when unfinished.</summary>
    public string Outcome { get; init; } = "";
    public int Attempts { get; init; }
    public string? Branch { get; init; }
    public ReportDiff? Diff { get; init; }
    public decimal? CostUsd { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }

    /// <summary>Seconds its attempts ran, summed (a running attempt counts up to now).</summary>
    public double DurationSeconds { get; init; }
    public string? ErrorClass { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}
