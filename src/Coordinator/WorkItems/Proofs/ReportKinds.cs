namespace Stamina.Coordinator.WorkItems.Proofs;

/// <summary>The reports a holder sends about its attempt, as named in stale reports and in the refusal metric.</summary>
public static class ReportKinds
{
    /// <summary>A lease renewal, with progress and the newest checkpoint.</summary>
    public const string Heartbeat = "heartbeat";

    /// <summary>The attempt's end.</summary>
    public const string Result = "result";

    public const string Transcript = "transcript";
}
