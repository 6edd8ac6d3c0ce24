namespace Stamina.Coordinator.Reports;

/// <summary>A usage limit an account hit: when (the attempt's end) and until when the agent said it lasts.</summary>
public sealed record ReportLimit
{
    public DateTimeOffset At { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string Worker { get; init; } = "";
    public Guid ItemId { get; init; }
}
