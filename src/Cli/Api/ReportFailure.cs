namespace Stamina.Cli.Api;

sealed record ReportFailure
{
    public string Signature { get; init; } = "";
    public int Count { get; init; }
    public IReadOnlyList<Guid> ItemIds { get; init; } = [];
    public string? ErrorClass { get; init; }
    public string? Example { get; init; }
}
