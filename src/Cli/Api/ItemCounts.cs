namespace Stamina.Cli.Api;

sealed record ItemCounts
{
    public long Queued { get; init; }
    public long Running { get; init; }
    public long Succeeded { get; init; }
    public long Failed { get; init; }
    public long Cancelled { get; init; }
    public long Total { get; init; }
}
