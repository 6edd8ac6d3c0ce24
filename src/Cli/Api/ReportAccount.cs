namespace Stamina.Cli.Api;

sealed record ReportAccount
{
    public string Account { get; init; } = "";
    public int Items { get; init; }
    public int Attempts { get; init; }
    public decimal? CostUsd { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public int Workers { get; init; }
    public double BusySeconds { get; init; }
    public double Utilisation { get; init; }
    public IReadOnlyList<ReportLimit> Limits { get; init; } = [];
    public int? Succeeded { get; init; }
    public int? Failed { get; init; }
}
