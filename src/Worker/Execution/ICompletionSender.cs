using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>Delivers an attempt's result (<see cref="CompletionSender"/>); a seam for the attempt's unit tests.</summary>
public interface ICompletionSender
{
    /// <returns>True when the coordinator accepted the result; false when it refused it as stale or never answered.</returns>
    Task<bool> SendAsync(CompleteAttempt completion, CancellationToken cancellationToken);
}
