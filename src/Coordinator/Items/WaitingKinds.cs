namespace Stamina.Coordinator.Items;

/// <summary>The kinds of <see cref="WaitingReason"/>, as the API, the CLI and the web page show them.</summary>
public static class WaitingKinds
{
    public const string Dependency = "dependency";
    public const string Schedule = "schedule";
    public const string Pause = "pause";
    public const string Cap = "cap";
    public const string Breaker = "breaker";
    public const string Shift = "shift";
    public const string Backoff = "backoff";

    /// <summary>Due and released: waiting for a free worker of its pool.</summary>
    public const string Worker = "worker";
}
