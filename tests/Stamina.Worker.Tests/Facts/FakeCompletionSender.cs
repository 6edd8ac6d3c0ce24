using System.Collections.Concurrent;
using Stamina.Contracts;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Facts;

/// <summary>Takes every result as accepted and keeps it for the fact to read.</summary>
sealed class FakeCompletionSender : ICompletionSender
{
    public ConcurrentQueue<CompleteAttempt> Sent { get; } = new();

    public Task<bool> SendAsync(CompleteAttempt completion, CancellationToken cancellationToken)
    {
        Sent.Enqueue(completion);
        return Task.FromResult(true);
    }
}
