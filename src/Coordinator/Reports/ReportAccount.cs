namespace Stamina.Coordinator.Reports;

/// <summary>One agent account's share of the window (attempts that ran in it; an attempt with no account is under "(none)").</summary>
public sealed record ReportAccount
{
    public const string None = "(none)";

    public string Account { get; init; } = "";
    public int Items { get; init; }
    public int Attempts { get; init; }
    public int Succeeded { get; init; }
    public int Failed { get; init; }
    public decimal? CostUsd { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }

    /// <summary>Distinct workers that ran its attempts in the window.</summary>
    public int Workers { get; init; }

    /// <summary>Seconds its attempts ran inside the window, summed over its workers.</summary>
    public double BusySeconds { get; init; }

    /// <summary>Busy time over (window × workers), at most 1: how much of the time its workers had was used.</summary>
    public double Utilisation { get; init; }
    public IReadOnlyList<ReportLimit> Limits { get; init; } = [];
}
