namespace Stamina.Coordinator.WorkItems.Proofs;

/// <summary>Why a worker's report about an attempt changed nothing, as stored and counted.</summary>
public static class ReportRefusals
{
    /// <summary>From the attempt's real holder, but its token is no longer current (or the item no longer runs).</summary>
    public const string Stale = "stale";

    /// <summary>Without proof that it comes from the holder: no or a wrong secret, another worker's name, an attempt never granted.</summary>
    public const string Forged = "forged";

    /// <summary>From a per-worker broker user that is not the worker the message names (see <c>BrokerUserRule</c>).</summary>
    public const string Impersonated = "impersonated";
}
