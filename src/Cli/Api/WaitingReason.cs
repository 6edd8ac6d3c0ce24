namespace Stamina.Cli.Api;

/// <summary>Why a waiting item is not running yet: a kind (dependency, pause, cap, breaker, shift, backoff, worker…), words, and when it ends if known.</summary>
sealed record WaitingReason
{
    public string? Kind { get; init; }
    public string? Detail { get; init; }
    public DateTimeOffset? Until { get; init; }
}
