namespace Stamina.Cli.Api;

/// <summary>A pause: its pool (null for the whole fleet), why, since when.</summary>
sealed record DispatchPause
{
    public string? Pool { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? PausedAt { get; init; }
}
