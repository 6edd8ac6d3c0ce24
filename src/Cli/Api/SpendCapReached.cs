namespace Stamina.Cli.Api;

/// <summary>A spend cap reached now: day, batch or account, its key, the cap and what was spent.</summary>
sealed record SpendCapReached
{
    public string? Kind { get; init; }
    public string? Key { get; init; }
    public decimal LimitUsd { get; init; }
    public decimal SpentUsd { get; init; }
    public WaitingReason? Reason { get; init; }
    public string? Id { get; init; }
}
