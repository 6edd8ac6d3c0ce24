using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>Asks the coordinator for an item's claim (<see cref="ClaimClient"/>); a seam for the consumer's unit tests.</summary>
public interface IClaimClient
{
    /// <returns>The grant, or why there is none; never throws for an unanswered claim (it gives up instead).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ClaimOutcome> ClaimAsync(ExecuteWorkItem item, bool redelivered, CancellationToken cancellationToken);
}
