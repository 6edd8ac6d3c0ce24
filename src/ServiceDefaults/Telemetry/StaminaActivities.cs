using System.Diagnostics;

namespace Stamina.ServiceDefaults.Telemetry;

/// <summary>
/// Stamina's own spans: one <see cref="ActivitySource"/> for the coordinator and the worker, so that one trace
/// follows an item from the submit to the accepted result (docs/metrics.md, "Traces"). Spans may carry ids;
/// metrics never do.
/// </summary>
public static class StaminaActivities
{
    public const string SourceName = "Stamina";

    public static readonly ActivitySource Source = new(SourceName);

    // Span names.
    public const string Submit = "stamina.submit";
    public const string Dispatch = "stamina.dispatch";
    public const string Claim = "stamina.claim";
    public const string Worktree = "stamina.worktree";
    public const string Agent = "stamina.agent";
    public const string Push = "stamina.push";
    public const string Result = "stamina.result";

    // Attribute names.
    public const string ItemId = "stamina.item_id";
    public const string Attempt = "stamina.attempt";
    public const string Pool = "stamina.pool";
    public const string Harness = "stamina.harness";
    public const string Outcome = "stamina.outcome";
}
