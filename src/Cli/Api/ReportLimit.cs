namespace Stamina.Cli.Api;

sealed record ReportLimit
{
    public DateTimeOffset At { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string Worker { get; init; } = "";
    public Guid ItemId { get; init; }
}
