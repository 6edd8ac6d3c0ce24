namespace Stamina.Coordinator.Senders;

/// <summary>
/// Whether a worker's message may speak for the worker it names, judged by the broker user RabbitMQ validated as its
/// <c>user_id</c>. A per-worker user made by <c>stamina broker users</c> (<c>stamina-worker-NAME</c>) speaks only for
/// NAME, so a stolen worker password cannot claim, renew or report as another worker. Any other user is shared (a
/// fleet on one broker user, as in development): the broker cannot tell its workers apart, and the attempt secret is
/// what proves the holder there. A message without a user_id is refused: every worker stamps its own.
/// </summary>
public static class BrokerUserRule
{
    public const string WorkerUserPrefix = "stamina-worker-";

    public static bool Allows(string? userId, string? workerName)
    {
        if (string.IsNullOrEmpty(userId))
            return false;
        if (!userId.StartsWith(WorkerUserPrefix, StringComparison.Ordinal))
            return true;
        return !string.IsNullOrEmpty(workerName) && string.Equals(userId[WorkerUserPrefix.Length..], workerName, StringComparison.Ordinal);
    }
}
