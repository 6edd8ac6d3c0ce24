namespace Stamina.Cli.Api;

/// <summary>A decoded answer together with the coordinator's exact JSON, which <c>--json</c> prints untouched.</summary>
sealed record ApiResponse<T>(T Value, string Json)
{
    /// <summary>The answer repeats what an earlier request with the same idempotency key made.</summary>
    public bool Replayed { get; init; }
}
