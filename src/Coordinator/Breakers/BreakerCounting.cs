using Stamina.Contracts;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Reports;

namespace Stamina.Coordinator.Breakers;

/// <summary>
/// Which endings the breakers hear: successes, and the items' own failures (failed or timed out) by their
/// <see cref="FailureSignature"/>. Faults are not failures: lost, released, cancelled attempts, usage limits, logins,
/// restarts and outages are none of the repository's or the account's doing, and are never counted.
/// </summary>
public static class BreakerCounting
{
    static readonly HashSet<string> Faults =
    [
        ErrorClasses.UsageLimit, ErrorClasses.Auth, ErrorClasses.Harness, ErrorClasses.Shutdown, ErrorClasses.Outage,
        ErrorClasses.Restart, ErrorClasses.Lost, ErrorClasses.LostTooOften, ErrorClasses.Cancelled,
    ];

    public static bool IsSuccess(AttemptEnding ending) => ending.Outcome == AttemptOutcomes.Succeeded;

    /// <summary>The failure's signature when it is the item's own failure; null for a success or a fault.</summary>
    public static string? FailureSignatureOf(AttemptEnding ending) =>
        ending.Outcome is AttemptOutcomes.Failed or AttemptOutcomes.TimedOut && (ending.ErrorClass is null || !Faults.Contains(ending.ErrorClass))
            ? FailureSignature.Of(ending.ErrorClass, ending.Message)
            : null;
}
