namespace Stamina.Contracts;

/// <summary>
/// Every type in this assembly and its <see cref="MessageRoute"/>. <c>stamina broker users</c> derives each broker
/// user's permissions from it, and a test fails for a type that is missing, so a new message cannot be forgotten.
/// One line per type, in name order, so that parallel changes merge.
/// </summary>
public static class MessageRoutes
{
    public static IReadOnlyDictionary<Type, MessageRoute> ByType { get; } = new Dictionary<Type, MessageRoute>
    {
        [typeof(AgentOptions)] = MessageRoute.Part,
        [typeof(AgentProgress)] = MessageRoute.Part,
        [typeof(AttemptBranch)] = MessageRoute.Part,
        [typeof(AttemptBranchesPruned)] = MessageRoute.WorkerToCoordinator,
        [typeof(AttemptCancelled)] = MessageRoute.CoordinatorToWorkers,
        [typeof(AttemptOutcome)] = MessageRoute.Part,
        [typeof(AttemptOutcomes)] = MessageRoute.Part,
        [typeof(AttemptResult)] = MessageRoute.Part,
        [typeof(AttemptSecret)] = MessageRoute.Part,
        [typeof(Checkpoint)] = MessageRoute.Part,
        [typeof(ClaimGranted)] = MessageRoute.CoordinatorReply,
        [typeof(ClaimRejected)] = MessageRoute.CoordinatorReply,
        [typeof(ClaimWorkItem)] = MessageRoute.WorkerToCoordinator,
        [typeof(CompleteAttempt)] = MessageRoute.WorkerToCoordinator,
        [typeof(CompletionAccepted)] = MessageRoute.CoordinatorReply,
        [typeof(CompletionRejected)] = MessageRoute.CoordinatorReply,
        [typeof(DeclineWorkItem)] = MessageRoute.WorkerToCoordinator,
        [typeof(DrainWorker)] = MessageRoute.CoordinatorToWorkers,
        [typeof(ErrorClasses)] = MessageRoute.Part,
        [typeof(ExecuteWorkItem)] = MessageRoute.CoordinatorToPool,
        [typeof(LeaseLost)] = MessageRoute.CoordinatorReply,
        [typeof(LeaseRenewed)] = MessageRoute.CoordinatorReply,
        [typeof(MessageRoute)] = MessageRoute.Part,
        [typeof(MessageRoutes)] = MessageRoute.Part,
        [typeof(PruneAttemptBranches)] = MessageRoute.CoordinatorToWorkers,
        [typeof(RegisterWorker)] = MessageRoute.WorkerToCoordinator,
        [typeof(RenewLease)] = MessageRoute.WorkerToCoordinator,
        [typeof(ResumePoint)] = MessageRoute.Part,
        [typeof(ResumeWorker)] = MessageRoute.CoordinatorToWorkers,
        [typeof(ReviewRequest)] = MessageRoute.Part,
        [typeof(ReviewVerdict)] = MessageRoute.Part,
        [typeof(ReviewVerdicts)] = MessageRoute.Part,
        [typeof(TranscriptChunk)] = MessageRoute.WorkerToCoordinator,
        [typeof(WorkerHeartbeat)] = MessageRoute.WorkerToCoordinator,
        [typeof(WorkerIdentity)] = MessageRoute.Part,
        [typeof(WorkerRefused)] = MessageRoute.CoordinatorReply,
        [typeof(WorkerRegistered)] = MessageRoute.CoordinatorReply,
        [typeof(WorkerStatus)] = MessageRoute.Part,
        [typeof(WorkerStopped)] = MessageRoute.WorkerToCoordinator,
    };

    public static IEnumerable<Type> Routed(MessageRoute route) =>
        ByType.Where(entry => entry.Value == route).Select(entry => entry.Key).OrderBy(type => type.Name, StringComparer.Ordinal);
}
