using System.Collections.Concurrent;
using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Facts;

/// <summary>Answers every claim with the outcome a fact sets, and counts the claims.</summary>
public sealed class FakeClaimClient : IClaimClient
{
    public ClaimOutcome Outcome { get; set; } = new(null, null);

    public ConcurrentQueue<ExecuteWorkItem> Claimed { get; } = new();

    public Task<ClaimOutcome> ClaimAsync(ExecuteWorkItem item, bool redelivered, CancellationToken cancellationToken)
    {
        Claimed.Enqueue(item);
        return Task.FromResult(Outcome);
    }
}
