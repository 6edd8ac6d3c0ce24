namespace Stamina.Cli.Api;

sealed record AttemptCounts
{
    public long Total { get; init; }
    public long Succeeded { get; init; }
    public long Failed { get; init; }
    public long Released { get; init; }
    public long Lost { get; init; }
    public long UsageLimited { get; init; }
}
