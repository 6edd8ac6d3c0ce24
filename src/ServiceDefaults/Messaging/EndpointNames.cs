namespace Stamina.ServiceDefaults.Messaging;

/// <summary>
/// Names of the queues and exchanges a process makes for itself (its bus endpoint, whose queue receives the
/// answers to its requests, and its temporary endpoints). They are predictable so that a broker user can be
/// limited to its own (<c>stamina broker users</c>): a worker's start with <c>stamina.worker.NAME.</c>, then a
/// purpose and the run's id, neither with a dot, so that no worker's name pattern matches another's.
/// </summary>
public static class EndpointNames
{
    public const string WorkerPrefix = "stamina.worker.";
    public const string CoordinatorPrefix = "stamina.coordinator.";

    /// <summary>The bus endpoint of a worker's main bus: answers to claims, renewals, completions and registrations.</summary>
    public const string Bus = "bus";

    /// <summary>The bus endpoint of the worker's pool-queue bus (<c>IWorkQueueBus</c>).</summary>
    public const string WorkBus = "work-bus";

    /// <summary>The bus endpoint of the coordinator's answer bus (<c>IAnswerBus</c>).</summary>
    public const string AnswerBus = "answer-bus";

    public const string AttemptCancelled = "attempt-cancelled";
    public const string ResumeWorker = "resume-worker";
    public const string DrainWorker = "drain-worker";
    public const string PruneAttemptBranches = "prune-branches";

    /// <summary>Eight hex digits that tell one run of a process from the next (temporary queues are exclusive).</summary>
    public static string NewRun() => Guid.NewGuid().ToString("N")[..8];

    public static string Worker(string worker, string purpose, string run) => $"{WorkerPrefix}{worker}.{purpose}-{run}";

    public static string CoordinatorBus(string run) => Coordinator(Bus, run);

    public static string Coordinator(string purpose, string run) => $"{CoordinatorPrefix}{purpose}-{run}";
}
