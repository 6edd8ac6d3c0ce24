using Stamina.Contracts;

namespace Stamina.Coordinator.Senders;

/// <summary>The worker a message says it comes from, for every message a worker sends (<see cref="MessageRoute.WorkerToCoordinator"/>).</summary>
public static class ReportSender
{
    /// <summary>Null for a message that is not a worker's; a test checks every worker-to-coordinator contract is named here.</summary>
    public static string? WorkerOf(object message) => message switch
    {
        AttemptBranchesPruned pruned => pruned.Worker,
        ClaimWorkItem claim => claim.Worker?.Name,
        CompleteAttempt completion => completion.Worker,
        DeclineWorkItem decline => decline.Worker,
        RegisterWorker registration => registration.Worker?.Name,
        RenewLease renewal => renewal.Worker,
        TranscriptChunk chunk => chunk.Worker,
        WorkerHeartbeat heartbeat => heartbeat.Worker?.Name,
        WorkerStopped stopped => stopped.Name,
        _ => null,
    };
}
